import { EvidentError, messageOf } from '../errors.ts';
import { verifierFromVkey } from '../ledger/noteKeys.ts';

/**
 * A verifier key an auditor trusts, optionally only for checkpoints of a time window (a key that was
 * retired, or one that leaked on a known day). Bounds are inclusive ISO 8601 UTC instants.
 */
export interface TrustedKey {
  readonly vkey: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a trust file (docs/audit-package.md "Trust file"): one C2SP vkey a line, optionally
 * followed by `not-before=<instant>` and/or `not-after=<instant>` (with `Z` or an offset); blank
 * lines and lines starting with `#` are ignored. Throws `bad_request` naming the line.
 */
export function parseTrustFile(text: string): TrustedKey[] {
  const keys: TrustedKey[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `trust file line ${i + 1}`;
    const [vkey = '', ...options] = line.split(/\s+/);
    try {
      verifierFromVkey(vkey);
    } catch (error) {
      throw new EvidentError('bad_request', `${where}: ${messageOf(error)}`);
    }
    const window: { notBefore?: string; notAfter?: string } = {};
    for (const option of options) {
      const match = /^(not-before|not-after)=(.+)$/.exec(option);
      if (match === null || !INSTANT.test(match[2] ?? ''))
        throw new EvidentError(
          'bad_request',
          `${where}: "${option.slice(0, 60)}" is not not-before=<instant> or not-after=<instant> (e.g. 2026-01-01T00:00:00Z)`,
        );
      const at = new Date(match[2] as string).toISOString();
      if (match[1] === 'not-before') window.notBefore = at;
      else window.notAfter = at;
    }
    if (window.notBefore !== undefined && window.notAfter !== undefined && window.notAfter < window.notBefore)
      throw new EvidentError('bad_request', `${where}: not-after is before not-before`);
    keys.push({ vkey, ...window });
  }
  if (keys.length === 0) throw new EvidentError('bad_request', 'the trust file names no verifier key');
  return keys;
}

/** Why `key` is not trusted at `at` (an ISO instant), or undefined when it is. */
export function outsideWindow(key: TrustedKey, at: string): string | undefined {
  if (key.notBefore !== undefined && at < key.notBefore) return `trusted only from ${key.notBefore}`;
  if (key.notAfter !== undefined && at > key.notAfter) return `trusted only until ${key.notAfter}`;
  return undefined;
}
