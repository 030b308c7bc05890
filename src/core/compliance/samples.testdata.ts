// Loads real tool outputs for the evaluator tests and checks each file's size and SHA-256 against the
// checksum table of the README that documents it, so that a re-encoded or edited sample fails loudly.
// Every file of the directory must be listed there, and every listed file must exist.
// Samples: /work/shared/samples/<dir>/ (a sibling of the repository; table "Checksums" at the end of
// its README.md) and test/samples/junit-generated/ (files generated here; the table of its README.md).
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { EvidenceFile } from './evaluation.ts';

export const SAMPLES_URL = new URL('../../../../shared/samples/', import.meta.url);
export const GENERATED_JUNIT_URL = new URL('../../../test/samples/junit-generated/', import.meta.url);

interface Checksum {
  readonly bytes: number;
  readonly sha256: string;
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The rows "| `path` | bytes | `sha256` |" of a README (from its "## Checksums" section when it has
 * one), for the paths under `prefix`, keyed by file name. Cells may be padded and followed by more
 * columns (the generated-samples README is one wide table).
 */
function checksums(readme: URL, prefix: string): Map<string, Checksum> {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf('## Checksums');
  const rows = new Map<string, Checksum>();
  for (const [, path, bytes, sha256] of text
    .slice(Math.max(start, 0))
    .matchAll(/^\| `([^`]+)` +\| (\d+) +\| `([0-9a-f]{64})` +\|/gm)) {
    if (path?.startsWith(prefix) === true && sha256 !== undefined) {
      rows.set(path.slice(prefix.length), { bytes: Number(bytes), sha256 });
    }
  }
  return rows;
}

/** Every file of `dir` but its README, by file name, verified against `table`. */
function loadVerified(dir: URL, table: ReadonlyMap<string, Checksum>): Map<string, EvidenceFile> {
  const names = readdirSync(dir)
    .filter((name) => name !== 'README.md')
    .sort();
  assert.deepEqual(names, [...table.keys()].sort(), `${dir.href} and its checksum table list the same files`);
  const files = new Map<string, EvidenceFile>();
  for (const name of names) {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const sha256 = sha256Hex(bytes);
    const row = table.get(name);
    assert.ok(row, `${name} is listed`);
    assert.equal(bytes.length, row.bytes, `${name} size`);
    assert.equal(sha256, row.sha256, `${name} sha256`);
    files.set(name, { name, sha256, bytes });
  }
  return files;
}

/** Every file of `/work/shared/samples/<dir>/`, by file name, verified against the README checksums. */
export function loadSamples(dir: 'sarif' | 'trivy' | 'snyk' | 'junit'): Map<string, EvidenceFile> {
  return loadVerified(
    new URL(`${dir}/`, SAMPLES_URL),
    checksums(new URL('README.md', SAMPLES_URL), `${dir}/`),
  );
}

/** Every JUnit file of test/samples/junit-generated/, verified against the table of its README. */
export function loadGeneratedJunit(): Map<string, EvidenceFile> {
  return loadVerified(GENERATED_JUNIT_URL, checksums(new URL('README.md', GENERATED_JUNIT_URL), ''));
}

/** An in-memory evidence file (synthetic tests). */
export function evidence(name: string, content: string | Uint8Array): EvidenceFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, sha256: sha256Hex(bytes), bytes };
}

/** `file` with a UTF-8 byte order mark before its bytes, under another name. */
export function withBom(name: string, file: EvidenceFile): EvidenceFile {
  return evidence(name, new Uint8Array([0xef, 0xbb, 0xbf, ...file.bytes]));
}
