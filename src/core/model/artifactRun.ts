import type { EnvironmentChange, SnapshotArtifact } from './environment.ts';

/**
 * One period an artifact (name and fingerprint) ran in a physical environment: from the change
 * that started it to the one that stopped it (DESIGN §1 "When was this artifact anywhere?").
 */
export interface ArtifactRun {
  readonly environment: string;
  /** The name it ran under there (one fingerprint may run under several names). */
  readonly name: string;
  readonly from: string;
  readonly fromSnapshot: number;
  readonly fromIndex: number;
  /** When it stopped; null while it still runs. */
  readonly until: string | null;
  readonly untilSnapshot: number | null;
  readonly untilIndex: number | null;
  /** Instances when it started. */
  readonly instancesAtStart: number;
  /** Instances now, or when it stopped. */
  readonly instances: number;
  /** How many times it was scaled during the period. */
  readonly scalings: number;
  /** The verdict when it started (later verdicts are in the environment's timeline). */
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** Started without provenance or against policy (DESIGN §4 "unauthorised change"). */
  readonly unauthorised: boolean;
  readonly notes?: readonly string[];
  readonly provenance: SnapshotArtifact['provenance'];
}

/**
 * The periods these change-log lines describe, newest start first. `changes` are one fingerprint's
 * lines, oldest first. Lines before a period's start (the log was read from some point on) are
 * skipped: such a period is incomplete and left out.
 */
export function artifactRuns(changes: readonly EnvironmentChange[]): ArtifactRun[] {
  const done: ArtifactRun[] = [];
  const open = new Map<string, ArtifactRun>();
  for (const change of changes) {
    const key = `${change.environment}\u0000${change.name}\u0000${change.fingerprint}`;
    const run = open.get(key);
    if (change.kind === 'started') {
      open.set(key, {
        environment: change.environment,
        name: change.name,
        from: change.at,
        fromSnapshot: change.snapshot,
        fromIndex: change.index,
        until: null,
        untilSnapshot: null,
        untilIndex: null,
        instancesAtStart: change.instancesAfter,
        instances: change.instancesAfter,
        scalings: 0,
        compliant: change.compliant,
        reasons: change.reasons,
        unauthorised: change.unauthorised,
        ...(change.notes !== undefined && { notes: change.notes }),
        provenance: change.provenance,
      });
    } else if (run !== undefined && change.kind === 'scaled') {
      open.set(key, { ...run, instances: change.instancesAfter, scalings: run.scalings + 1 });
    } else if (run !== undefined) {
      open.delete(key);
      done.push({
        ...run,
        until: change.at,
        untilSnapshot: change.snapshot,
        untilIndex: change.index,
        instances: change.instancesBefore,
      });
    }
  }
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...done, ...open.values()].sort(
    (a, b) => b.fromIndex - a.fromIndex || order(a.environment, b.environment) || order(a.name, b.name),
  );
}
