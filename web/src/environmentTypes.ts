// The API's answers about environments. Environments, snapshots and change-log lines are the server's
// own model (src/core/model/environment.ts), whose fields are JSON already; they are imported as types
// only, so nothing of the server reaches the browser bundle. The rest are shapes of
// src/service/environmentService.ts and src/server/routes/environmentRoutes.ts, which the browser
// cannot type-check (they need Node), so they are restated here.
import type {
  EnvironmentChange,
  RunningSetChange,
  Snapshot,
  SnapshotArtifact,
} from '../../src/core/model/environment.ts';

export type {
  ChangeKind,
  Environment as EnvironmentInfo,
  EnvironmentChange,
  RunningArtifact,
  Snapshot,
  SnapshotArtifact,
} from '../../src/core/model/environment.ts';

/** The trails that reported a fingerprint: where an artifact came from (empty: no provenance). */
export type Provenance = SnapshotArtifact['provenance'];

/** A logical environment's snapshot: its members' snapshots at the same moment. */
export interface LogicalSnapshot {
  readonly environment: string;
  readonly compliant: boolean;
  readonly members: readonly Snapshot[];
}

export interface ChangePage {
  readonly changes: readonly EnvironmentChange[];
  /** The `before` cursor of the next (older) page, or null on the last one. */
  readonly next: string | null;
}

export interface SnapshotDiff {
  readonly from: Pick<Snapshot, 'environment' | 'number' | 'at' | 'compliant'>;
  readonly to: Pick<Snapshot, 'environment' | 'number' | 'at' | 'compliant'>;
  readonly changes: readonly RunningSetChange[];
}

export interface PolicyVersion {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly createdAt: string;
}
