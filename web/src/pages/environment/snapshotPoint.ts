import { instantOf, localInputOf } from '../../components/InstantInput.tsx';

/** One side of a comparison as a person fills it in: an environment, then a time or a snapshot number. */
export interface SnapshotPoint {
  readonly environment: string;
  /** A `datetime-local` value in the viewer's time zone, or ''. */
  readonly local: string;
  /** A snapshot number, or ''. */
  readonly number: string;
}

/**
 * Reads a snapshot reference of the API (`ENV`, `ENV~1`, `ENV#N`, `ENV@{instant}`) back into a form's
 * fields; `ENV` and `ENV~1` are what an empty To and From mean (refOf).
 */
export function pointOf(ref: string | undefined, environment: string): SnapshotPoint {
  const match = /^([^#~@]+)(?:#(\d+)|~1|@\{(.*)\})?$/.exec(ref ?? '');
  if (match === null) return { environment, local: '', number: '' };
  return { environment: match[1] ?? environment, number: match[2] ?? '', local: localInputOf(match[3]) };
}

/**
 * What an empty side means: the From side the snapshot before the latest, the To side the latest, so
 * that an empty form compares the latest change.
 */
export type Blank = 'previous' | 'latest';

/** The API's reference of a point (`blank` when neither a time nor a number is given), or why not. */
export function refOf(point: SnapshotPoint, blank: Blank): { ref: string } | { error: string } {
  if (point.local !== '' && point.number !== '')
    return { error: 'Give a time or a snapshot number, not both.' };
  if (point.number !== '') {
    if (!/^[1-9]\d*$/.test(point.number)) return { error: 'A snapshot number is a whole number from 1.' };
    return { ref: `${point.environment}#${point.number}` };
  }
  const instant = instantOf(point.local);
  if (instant !== undefined) return { ref: `${point.environment}@{${instant}}` };
  return { ref: blank === 'previous' ? `${point.environment}~1` : point.environment };
}
