export const ENVIRONMENT_SAVED = 'environment.saved';
export const SNAPSHOT_REPORTED = 'snapshot.reported';

/** Where software runs (DESIGN §4). A `logical` environment is the union of the ones it includes. */
export const ENVIRONMENT_TYPES = ['k8s', 'ecs', 'lambda', 's3', 'server', 'docker', 'logical'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

export interface Environment {
  readonly name: string;
  readonly type: EnvironmentType;
  readonly description: string;
  /** For `logical` environments: the environments it aggregates. */
  readonly includes: readonly string[];
  /** Names of the policies it follows (the latest version of each). */
  readonly policies: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The number of its latest snapshot (0: none yet). */
  readonly snapshots: number;
  /** Whether its current snapshot complies with its policies (true when it has none yet). */
  readonly compliant: boolean;
  /** When a reporter last reported, whatever it reported (not part of the ledger). */
  readonly lastSeenAt: string | null;
  /** How many artifacts (name and fingerprint) its current snapshot runs (a logical one: its members'). */
  readonly running: number;
  /** When its current snapshot was reported (a logical one: its members' latest); null before the first. */
  readonly lastSnapshotAt: string | null;
}

/** One artifact in a snapshot, with the verdict of the environment's policies on it. */
export interface SnapshotArtifact {
  readonly name: string;
  readonly fingerprint: string;
  readonly instances: number;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** Break-glass exceptions it runs under (absent when none). */
  readonly notes?: readonly string[];
  /** Where it came from: the trails that reported this fingerprint (empty: no provenance). */
  readonly provenance: readonly { readonly flow: string; readonly trail: string; readonly name: string }[];
}

/** One artifact of a snapshot as answered: its verdict, and how it arrived. */
export interface RunningArtifact extends SnapshotArtifact {
  /**
   * Whether the change that last started it in this environment was flagged unauthorised (DESIGN
   * §4): it stays flagged, even if it complies later, until it stops.
   */
  readonly unauthorised: boolean;
}

/**
 * The set of artifacts running in an environment from one moment on (DESIGN §4 "Snapshot"),
 * as judged at a moment: `evaluatedAt` is when this verdict was reached (the snapshot was reported,
 * or a policy changed later).
 */
export interface Snapshot {
  readonly environment: string;
  readonly number: number;
  readonly at: string;
  /** When the next snapshot replaced it; null while it is the latest. */
  readonly until: string | null;
  readonly index: number;
  readonly compliant: boolean;
  readonly evaluatedAt: string;
  /**
   * Asked for by number (or `~N`), the snapshot is shown as judged when it was reported; when it was
   * judged again later (a policy changed, evidence arrived), the newest of those verdicts.
   */
  readonly laterVerdict?: { readonly compliant: boolean; readonly evaluatedAt: string };
  readonly artifacts: readonly RunningArtifact[];
}

/** How a change between two snapshots affects one artifact. */
export type ChangeKind = 'started' | 'stopped' | 'scaled';

/** One line of an environment's change log. */
export interface EnvironmentChange {
  readonly environment: string;
  readonly snapshot: number;
  readonly at: string;
  readonly index: number;
  readonly kind: ChangeKind;
  readonly name: string;
  readonly fingerprint: string;
  readonly instancesBefore: number;
  readonly instancesAfter: number;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** A started artifact with no provenance or against policy: flagged and notified (DESIGN §4). */
  readonly unauthorised: boolean;
  /** Break-glass exceptions it changed under (absent when none). */
  readonly notes?: readonly string[];
  readonly provenance: SnapshotArtifact['provenance'];
}

/** The running set a reporter sends, as recorded: sorted, merged, each instance count ≥ 1. */
export interface ReportedArtifact {
  readonly name: string;
  readonly fingerprint: string;
  readonly instances: number;
}

/** One artifact of a running set as a map key: its name and fingerprint. */
export const runningKey = (a: { readonly name: string; readonly fingerprint: string }): string =>
  `${a.name}\u0000${a.fingerprint}`;

/** Byte-order comparison, so the canonical order never depends on a locale. */
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Merges duplicates (summing instances) and sorts by name then fingerprint: equal sets, equal lists. */
export function canonicalRunningSet(artifacts: readonly ReportedArtifact[]): ReportedArtifact[] {
  const merged = new Map<string, ReportedArtifact>();
  for (const a of artifacts) {
    const key = runningKey(a);
    merged.set(key, { ...a, instances: (merged.get(key)?.instances ?? 0) + a.instances });
  }
  return [...merged.values()].sort((a, b) => order(a.name, b.name) || order(a.fingerprint, b.fingerprint));
}

/** True when two canonical running sets are the same. */
export function sameRunningSet(a: readonly ReportedArtifact[], b: readonly ReportedArtifact[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return (
        y !== undefined && x.name === y.name && x.fingerprint === y.fingerprint && x.instances === y.instances
      );
    })
  );
}

/**
 * What changed from `before` to `after`, per artifact (name + fingerprint): started, stopped, or
 * scaled (same artifact, other instance count). A new version under the same name is one artifact
 * stopping and another starting.
 */
export function runningSetChanges(
  before: readonly ReportedArtifact[],
  after: readonly ReportedArtifact[],
): RunningSetChange[] {
  const old = new Map(before.map((a) => [runningKey(a), a]));
  const changes: RunningSetChange[] = [];
  const change = (kind: ChangeKind, a: ReportedArtifact, was: number, now: number) =>
    changes.push({ kind, name: a.name, fingerprint: a.fingerprint, before: was, after: now });
  for (const a of after) {
    const was = old.get(runningKey(a));
    old.delete(runningKey(a));
    if (was === undefined) change('started', a, 0, a.instances);
    else if (was.instances !== a.instances) change('scaled', a, was.instances, a.instances);
  }
  for (const a of old.values()) change('stopped', a, a.instances, 0);
  return changes;
}

export interface RunningSetChange {
  readonly kind: ChangeKind;
  readonly name: string;
  readonly fingerprint: string;
  readonly before: number;
  readonly after: number;
}
