import { createHash } from 'node:crypto';
import { canonicalBytes, parseCanonical } from '../ledger/canonicalJson.ts';
import { isAuditSubject, type AuditSubject } from './auditSubject.ts';
import { MANIFEST_PATH } from './packageLayout.ts';

export const PACKAGE_FORMAT = 'evident-audit-package';
export const PACKAGE_VERSION = 1;

/** One file of the package, as the manifest lists it. */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string;
}

/** A file's digest as the manifest lists it: lowercase hex SHA-256 of its bytes. */
export function fileSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * `manifest.json`: RFC 8785 canonical JSON naming the package's format, its org, the log (origin)
 * and the subject, the checkpoint every proof is against, and every other file with its size and
 * SHA-256, sorted by path (docs/audit-package.md).
 */
export interface PackageManifest {
  readonly format: typeof PACKAGE_FORMAT;
  readonly version: typeof PACKAGE_VERSION;
  readonly org: string;
  /** The log's origin, the first line of the checkpoint: `<server origin>/<org>`. */
  readonly origin: string;
  readonly subject: AuditSubject;
  readonly checkpoint: { readonly size: number; readonly rootHash: string };
  readonly files: readonly ManifestFile[];
}

export function manifestBytes(manifest: PackageManifest): Uint8Array {
  return canonicalBytes(manifest);
}

/**
 * The manifest `bytes` encode, or a sentence saying why they are not a manifest of this format
 * (not canonical JSON, a member missing or of the wrong type, files unsorted or repeated).
 */
export function parseManifest(bytes: Uint8Array): PackageManifest | string {
  const value = parseCanonical(bytes);
  if (value === undefined) return `${MANIFEST_PATH} is not RFC 8785 canonical JSON`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${MANIFEST_PATH} is not a JSON object`;
  const m = value as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (keys !== 'checkpoint,files,format,org,origin,subject,version')
    return `${MANIFEST_PATH} has the members ${keys}, not checkpoint, files, format, org, origin, subject, version`;
  if (m.format !== PACKAGE_FORMAT || m.version !== PACKAGE_VERSION)
    return `${MANIFEST_PATH} is not format ${PACKAGE_FORMAT} version ${PACKAGE_VERSION}`;
  if (typeof m.org !== 'string' || typeof m.origin !== 'string')
    return `${MANIFEST_PATH}: org and origin must be strings`;
  if (!isAuditSubject(m.subject))
    return `${MANIFEST_PATH}: subject is not an artifact, trail or environment subject`;
  const c = m.checkpoint as Record<string, unknown> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    Object.keys(c).sort().join(',') !== 'rootHash,size' ||
    !Number.isSafeInteger(c.size) ||
    typeof c.rootHash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(c.rootHash)
  )
    return `${MANIFEST_PATH}: checkpoint must be {size, rootHash (64 hex digits)}`;
  if (!Array.isArray(m.files)) return `${MANIFEST_PATH}: files must be a list`;
  let previous = '';
  for (const [i, f] of (m.files as unknown[]).entries()) {
    const file = f as Record<string, unknown> | null;
    if (
      typeof file !== 'object' ||
      file === null ||
      Object.keys(file).sort().join(',') !== 'path,sha256,size' ||
      typeof file.path !== 'string' ||
      !Number.isSafeInteger(file.size) ||
      typeof file.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(file.sha256)
    )
      return `${MANIFEST_PATH}: files[${i}] must be {path, size, sha256 (64 hex digits)}`;
    if (i > 0 && Buffer.compare(Buffer.from(previous), Buffer.from(file.path)) >= 0)
      return `${MANIFEST_PATH}: files are not sorted by path, or list ${file.path} twice`;
    previous = file.path;
  }
  return m as unknown as PackageManifest;
}
