import { canonicalBytes } from '../ledger/canonicalJson.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import type { AuditSubject } from './auditSubject.ts';
import {
  CHECKPOINT_PATH,
  entryPath,
  evidencePath,
  MANIFEST_PATH,
  proofPath,
  REPORT_HTML_PATH,
  REPORT_JSON_PATH,
} from './packageLayout.ts';
import { fileSha256, manifestBytes, PACKAGE_FORMAT, PACKAGE_VERSION } from './packageManifest.ts';
import { reportFiles } from './reportFiles.ts';

/** One packaged entry: its bytes as stored, decoded, and its inclusion proof (hex hashes). */
export interface PackagedEntry {
  readonly event: CommittedEvent;
  readonly bytes: Uint8Array;
  readonly proof: readonly string[];
}

const utf8 = new TextEncoder();
/**
 * The files of an audit package (docs/audit-package.md "Format"): the signed checkpoint, each entry
 * with its proof, the evidence, the report computed from the entries, and the manifest of them all.
 * Pure: the builder gives it what it read from storage; tests give it a log they made.
 */
export function assemblePackage(input: {
  readonly org: string;
  readonly origin: string;
  readonly subject: AuditSubject;
  /** The signed checkpoint note, and its size and root (hex) as it says. */
  readonly note: string;
  readonly checkpoint: { readonly size: number; readonly rootHash: string };
  readonly entries: readonly PackagedEntry[];
  /** Evidence files by SHA-256. */
  readonly evidence: ReadonlyMap<string, Uint8Array>;
}): Map<string, Uint8Array> {
  const { org, origin, subject, checkpoint } = input;
  const files = new Map<string, Uint8Array>();
  files.set(CHECKPOINT_PATH, utf8.encode(input.note));
  for (const { event, bytes, proof } of input.entries) {
    files.set(entryPath(event.index), bytes);
    files.set(
      proofPath(event.index),
      canonicalBytes({ index: event.index, size: checkpoint.size, hashes: [...proof] }),
    );
  }
  const evidence = [...input.evidence.keys()].sort();
  for (const sha256 of evidence) files.set(evidencePath(sha256), input.evidence.get(sha256) as Uint8Array);
  const report = reportFiles({
    org,
    origin,
    subject,
    checkpoint,
    entries: input.entries.map((e) => e.event),
    evidence: evidence.map((sha256) => ({ sha256, size: (input.evidence.get(sha256) as Uint8Array).length })),
  });
  files.set(REPORT_JSON_PATH, utf8.encode(report.json));
  files.set(REPORT_HTML_PATH, utf8.encode(report.html));
  const listed = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  files.set(
    MANIFEST_PATH,
    manifestBytes({
      format: PACKAGE_FORMAT,
      version: PACKAGE_VERSION,
      org,
      origin,
      subject,
      checkpoint,
      files: listed.map((path) => {
        const body = files.get(path) as Uint8Array;
        return { path, size: body.length, sha256: fileSha256(body) };
      }),
    }),
  );
  return files;
}
