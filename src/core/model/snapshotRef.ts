import { EvidentError } from '../errors.ts';
import { checkName } from './names.ts';

/** Which snapshot of an environment (DESIGN §4 "Time"). */
export type SnapshotSelector =
  | { readonly kind: 'latest' }
  /** `prod#12`: the 12th snapshot. */
  | { readonly kind: 'number'; readonly number: number }
  /** `prod~1`: one before the latest. */
  | { readonly kind: 'back'; readonly count: number }
  /** `prod@{2026-11-19T02:30:00Z}`, `prod@{2.days.ago}`: the one running at that instant. */
  | { readonly kind: 'at'; readonly at: string };

export interface SnapshotRef {
  readonly environment: string;
  readonly selector: SnapshotSelector;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/**
 * An instant as written in `@{…}`: an ISO 8601 date-time with `Z` or an offset (a date alone is
 * midnight UTC), `now`, or git's relative form `N.unit.ago` (seconds … weeks) counted back from
 * `now`. Returns the instant as ISO 8601 UTC.
 */
export function parseInstant(text: string, now: Date): string {
  const trimmed = text.trim();
  if (trimmed === 'now') return now.toISOString();
  const relative = /^(\d{1,9})[. ](second|minute|hour|day|week)s?[. ]ago$/.exec(trimmed);
  if (relative !== null) {
    const ms = Number(relative[1]) * (UNIT_MS[relative[2] ?? ''] ?? 0);
    return new Date(now.getTime() - ms).toISOString();
  }
  const iso =
    /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
  const parsed = iso ? new Date(trimmed) : undefined;
  if (parsed === undefined || Number.isNaN(parsed.getTime())) {
    throw new EvidentError(
      'bad_request',
      `"${trimmed.slice(0, 60)}" is not an instant: write 2026-11-19T02:30:00Z (with Z or an offset), 2026-11-19, now, or 2.days.ago`,
    );
  }
  return parsed.toISOString();
}

/** Parses `ENV`, `ENV#N`, `ENV~N` or `ENV@{instant}`. */
export function parseSnapshotRef(text: string, now: Date): SnapshotRef {
  const match = /^([^#~@]+)(?:#(\d+)|~(\d+)|@\{(.*)\})?$/.exec(text);
  if (match === null)
    throw new EvidentError('bad_request', `"${text.slice(0, 80)}" is not ENV, ENV#N, ENV~N or ENV@{time}`);
  const [, name = '', number, back, at] = match;
  const environment = checkName('environment', name);
  if (number !== undefined) {
    const n = Number(number);
    if (n < 1) throw new EvidentError('bad_request', 'snapshots are numbered from 1');
    return { environment, selector: { kind: 'number', number: n } };
  }
  if (back !== undefined) return { environment, selector: { kind: 'back', count: Number(back) } };
  if (at !== undefined) return { environment, selector: { kind: 'at', at: parseInstant(at, now) } };
  return { environment, selector: { kind: 'latest' } };
}
