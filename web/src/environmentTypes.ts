// The API's answers about environments, as the server sends them (src/core/model/environment.ts and
// src/server/routes/environmentRoutes.ts); the browser cannot import server code, so they are restated.

export interface EnvironmentInfo {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  /** For a `logical` environment: the physical ones it stands for. */
  readonly includes: readonly string[];
  readonly policies: readonly string[];
  /** The number of its latest snapshot (0: none yet). */
  readonly snapshots: number;
  readonly compliant: boolean;
  readonly lastSeenAt: string | null;
  /** How many artifacts its current snapshot runs (a logical one: its members'). */
  readonly running: number;
  /** When its current snapshot was reported (a logical one: its members' latest). */
  readonly lastSnapshotAt: string | null;
}

/** The trails that reported a fingerprint: where an artifact came from (empty: no provenance). */
export type Provenance = readonly { readonly flow: string; readonly trail: string; readonly name: string }[];

export interface SnapshotArtifact {
  readonly name: string;
  readonly fingerprint: string;
  readonly instances: number;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** Break-glass exceptions it runs under. */
  readonly notes?: readonly string[];
  readonly provenance: Provenance;
}

export interface Snapshot {
  readonly environment: string;
  readonly number: number;
  /** When the running set was observed: the snapshot is in force from then until the next one. */
  readonly at: string;
  readonly index: number;
  readonly compliant: boolean;
  /** When this verdict was reached (the report, or a later policy change or attestation). */
  readonly evaluatedAt: string;
  readonly artifacts: readonly SnapshotArtifact[];
}

/** A logical environment's snapshot: its members' snapshots at the same moment. */
export interface LogicalSnapshot {
  readonly environment: string;
  readonly compliant: boolean;
  readonly members: readonly Snapshot[];
}

export type ChangeKind = 'started' | 'stopped' | 'scaled';

/** One line of a change log. */
export interface EnvironmentChange {
  readonly environment: string;
  readonly snapshot: number;
  readonly at: string;
  /** The ledger index of the snapshot's entry: the paging cursor. */
  readonly index: number;
  readonly kind: ChangeKind;
  readonly name: string;
  readonly fingerprint: string;
  readonly instancesBefore: number;
  readonly instancesAfter: number;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** Started without provenance or against policy (DESIGN §4). */
  readonly unauthorised: boolean;
  readonly notes?: readonly string[];
  readonly provenance: Provenance;
}

export interface ChangePage {
  readonly changes: readonly EnvironmentChange[];
  /** The `before` cursor of the next (older) page, or null on the last one. */
  readonly next: string | null;
}

export interface SnapshotDiff {
  readonly from: Pick<Snapshot, 'environment' | 'number' | 'at' | 'compliant'>;
  readonly to: Pick<Snapshot, 'environment' | 'number' | 'at' | 'compliant'>;
  readonly changes: readonly {
    readonly kind: ChangeKind;
    readonly name: string;
    readonly fingerprint: string;
    readonly before: number;
    readonly after: number;
  }[];
}

export interface PolicyVersion {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly createdAt: string;
}
