import { parseSnapshotRef, type SnapshotRef } from '../core/model/snapshotRef.ts';

/**
 * REF (`ENV`, `ENV#N`, `ENV~N`, `ENV@{time}`) read on this machine: a bad one exits 2 before any
 * request, and a relative time (`2.days.ago`) counts back from the clock of whoever asks.
 */
export function snapshotRef(text: string): SnapshotRef {
  return parseSnapshotRef(text, new Date());
}

/** The API path (under the org) of the snapshot REF names. */
export function snapshotPath(ref: SnapshotRef): string {
  const { selector } = ref;
  const query =
    selector.kind === 'number'
      ? `?number=${selector.number}`
      : selector.kind === 'back'
        ? `?back=${selector.count}`
        : selector.kind === 'at'
          ? `?at=${encodeURIComponent(selector.at)}`
          : '';
  return `/environments/${encodeURIComponent(ref.environment)}/snapshot${query}`;
}

/**
 * REF written out again with its instant made absolute: the diff endpoint parses REFs itself, on
 * the server's clock, which must not move `2.days.ago`.
 */
export function absoluteRef(ref: SnapshotRef): string {
  const { environment, selector } = ref;
  switch (selector.kind) {
    case 'latest':
      return environment;
    case 'number':
      return `${environment}#${selector.number}`;
    case 'back':
      return `${environment}~${selector.count}`;
    case 'at':
      return `${environment}@{${selector.at}}`;
  }
}
