/**
 * How environment commands write instants and digests in text and markdown (JSON keeps the
 * server's values as they are).
 */

/** The server's instants carry milliseconds, almost always zero: 2026-11-19T01:00:00Z reads better. */
export function shownInstant(at: string): string {
  return at.replace(/\.000Z$/, 'Z');
}

/** Twelve hex digits tell artifacts apart in a table, as git's short hashes do; JSON has them whole. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.replace(/^sha256:/, '').slice(0, 12);
}
