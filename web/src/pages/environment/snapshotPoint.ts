import { instantOf, localInputOf } from '../../components/InstantInput.tsx';

/** One side of a comparison as a person fills it in: an environment, then a time or a snapshot number. */
export interface SnapshotPoint {
  readonly environment: string;
  /** A `datetime-local` value in the viewer's time zone, or ''. */
  readonly local: string;
  /** A snapshot number, or ''. */
  readonly number: string;
}

/** Reads a snapshot reference of the API (`ENV`, `ENV#N`, `ENV@{instant}`) back into a form's fields. */
export function pointOf(ref: string | undefined, environment: string): SnapshotPoint {
  const match = /^([^#~@]+)(?:#(\d+)|@\{(.*)\})?$/.exec(ref ?? '');
  if (match === null) return { environment, local: '', number: '' };
  return { environment: match[1] ?? environment, number: match[2] ?? '', local: localInputOf(match[3]) };
}

/** The API's reference of a point (latest when neither a time nor a number is given), or why not. */
export function refOf(point: SnapshotPoint): { ref: string } | { error: string } {
  if (point.local !== '' && point.number !== '')
    return { error: 'Give a time or a snapshot number, not both.' };
  if (point.number !== '') {
    if (!/^[1-9]\d*$/.test(point.number)) return { error: 'A snapshot number is a whole number from 1.' };
    return { ref: `${point.environment}#${point.number}` };
  }
  const instant = instantOf(point.local);
  return { ref: instant === undefined ? point.environment : `${point.environment}@{${instant}}` };
}
