import { EvidentError } from '../core/errors.ts';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * An interval option such as `--verify-every 24h`: a whole number with s, m, h or d, from `minMs`
 * to 365 days; `0` or `off` is 0 (never). A bare number other than 0 is refused: "10" could mean
 * seconds or minutes.
 */
export function parseInterval(option: string, text: string, minMs: number): number {
  if (text === '0' || text === 'off') return 0;
  const match = /^([1-9]\d{0,5})([smhd])$/.exec(text.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!(ms >= minMs && ms <= 365 * UNIT_MS.d)) {
    throw new EvidentError(
      'bad_request',
      `${option} takes a number with s, m, h or d between ${minMs / 1000}s and 365d (24h, 30m), or off (0); not "${text}"`,
    );
  }
  return ms;
}
