/*
 * The files of an audit package (docs/audit-package.md): flat paths of at most 100 bytes, so that
 * a plain ustar header holds every name.
 */

export const MANIFEST_PATH = 'manifest.json';
export const CHECKPOINT_PATH = 'checkpoint';
export const REPORT_JSON_PATH = 'report.json';
export const REPORT_HTML_PATH = 'report.html';

export const entryPath = (index: number): string => `entries/${index}`;
export const proofPath = (index: number): string => `proofs/${index}.json`;
export const evidencePath = (sha256: string): string => `evidence/${sha256}`;

/** What a path in a package is; undefined for a path no package has. */
export type PackagePath =
  | { readonly kind: 'manifest' | 'checkpoint' | 'report-json' | 'report-html' }
  | { readonly kind: 'entry' | 'proof'; readonly index: number }
  | { readonly kind: 'evidence'; readonly sha256: string };

const INDEX = '(0|[1-9][0-9]{0,15})';

export function classifyPath(path: string): PackagePath | undefined {
  switch (path) {
    case MANIFEST_PATH:
      return { kind: 'manifest' };
    case CHECKPOINT_PATH:
      return { kind: 'checkpoint' };
    case REPORT_JSON_PATH:
      return { kind: 'report-json' };
    case REPORT_HTML_PATH:
      return { kind: 'report-html' };
  }
  const entry = new RegExp(`^entries/${INDEX}$`).exec(path);
  if (entry?.[1] !== undefined) return safeIndex('entry', entry[1]);
  const proof = new RegExp(`^proofs/${INDEX}\\.json$`).exec(path);
  if (proof?.[1] !== undefined) return safeIndex('proof', proof[1]);
  const evidence = /^evidence\/([0-9a-f]{64})$/.exec(path);
  if (evidence?.[1] !== undefined) return { kind: 'evidence', sha256: evidence[1] };
  return undefined;
}

function safeIndex(kind: 'entry' | 'proof', digits: string): PackagePath | undefined {
  const index = Number(digits);
  return Number.isSafeInteger(index) ? { kind, index } : undefined;
}
