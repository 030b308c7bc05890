import type { Kysely, Selectable } from 'kysely';
import {
  runningKey,
  type Environment,
  type EnvironmentChange,
  type EnvironmentType,
  type ReportedArtifact,
  type Snapshot,
  type SnapshotArtifact,
} from '../core/model/environment.ts';
import { currentRunningSet } from './environmentRows.ts';
import type {
  Database,
  EnvironmentChangeTable,
  EnvironmentStateTable,
  EnvironmentTable,
  PolicyTable,
} from './schema.ts';
import { unauthorisedArrivals } from './unauthorisedArrivals.ts';

/** Reads of environments, policies, snapshots and change logs (issue #5). */
export class EnvironmentStore {
  /** `db` may be a read-only connection; `writer` records when reporters were last seen. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writer: Kysely<Database> = db,
  ) {}

  async environments(org: string): Promise<Environment[]> {
    const rows = await this.environmentQuery(org).orderBy('e.name').execute();
    return rows.map(toEnvironment);
  }

  async environment(org: string, name: string): Promise<Environment | undefined> {
    const row = await this.environmentQuery(org).where('e.name', '=', name).executeTakeFirst();
    return row && toEnvironment(row);
  }

  /** Every version of a policy, oldest first. */
  async policyVersions(org: string, name: string): Promise<Selectable<PolicyTable>[]> {
    return this.db
      .selectFrom('policies')
      .selectAll()
      .where('org', '=', org)
      .where('name', '=', name)
      .orderBy('version')
      .execute();
  }

  /** The latest version of every policy, by name. */
  async policies(org: string): Promise<Selectable<PolicyTable>[]> {
    const rows = await this.db
      .selectFrom('policies')
      .selectAll()
      .where('org', '=', org)
      .orderBy('name')
      .orderBy('version', 'desc')
      .execute();
    return rows.filter((row, i) => rows[i - 1]?.name !== row.name);
  }

  /** The running set of the environment's latest snapshot (empty before the first). */
  currentSet(org: string, environment: string): Promise<ReportedArtifact[]> {
    return currentRunningSet(this.db, org, environment);
  }

  /**
   * Snapshot `number` as judged when it was reported (later verdicts on it — a policy change, a late
   * attestation — are in the timeline, and in force from when they were reached).
   */
  snapshotNumber(org: string, environment: string, number: number): Promise<Snapshot | undefined> {
    return this.state(org, environment, { snapshot: number });
  }

  /** The snapshot running at `instant`, with the verdict in force then; undefined before the first. */
  snapshotAt(org: string, environment: string, instant: string): Promise<Snapshot | undefined> {
    return this.state(org, environment, { at: instant });
  }

  /** The current snapshot with the verdict in force now. */
  latestSnapshot(org: string, environment: string): Promise<Snapshot | undefined> {
    return this.state(org, environment, {});
  }

  /**
   * The change log, newest first: before the cursor `before` (a ledger index), within [since, until];
   * `limit` rows, or a few more so that the last entry's changes are all on this page.
   */
  async changes(
    org: string,
    environments: readonly string[],
    window: { since?: string; until?: string; before?: number; limit: number },
  ): Promise<EnvironmentChange[]> {
    if (environments.length === 0) return [];
    let query = this.db
      .selectFrom('environment_changes')
      .selectAll()
      .where('org', '=', org)
      .where('environment', 'in', environments);
    if (window.since !== undefined) query = query.where('at', '>=', window.since);
    if (window.until !== undefined) query = query.where('at', '<=', window.until);
    if (window.before !== undefined) query = query.where('idx', '<', window.before);
    const rows = await query.orderBy('idx', 'desc').orderBy('seq').limit(window.limit).execute();
    return (await withWholeLastEntry(this.db, org, rows, window.limit)).map(toChange);
  }

  /** Unauthorised changes after ledger index `after`, oldest first: what is still to be notified. */
  async unauthorisedAfter(org: string, after: number, limit: number): Promise<EnvironmentChange[]> {
    const rows = await this.db
      .selectFrom('environment_changes')
      .selectAll()
      .where('org', '=', org)
      .where('unauthorised', '=', 1)
      .where('idx', '>', after)
      .orderBy('idx')
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toChange);
  }

  /** Records that a reporter reported (outside the ledger). */
  async seen(org: string, environment: string, at: string): Promise<void> {
    await this.writer
      .insertInto('environment_seen')
      .values({ org, environment, last_seen_at: at })
      .onConflict((oc) =>
        oc
          .columns(['org', 'environment'])
          .doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })),
      )
      .execute();
  }

  /** With the home page's summary: when the current snapshot was reported, how many artifacts it runs. */
  private environmentQuery(org: string) {
    return this.db
      .selectFrom('environments as e')
      .leftJoin('environment_seen as s', (j) =>
        j.onRef('s.org', '=', 'e.org').onRef('s.environment', '=', 'e.name'),
      )
      .leftJoin('snapshots as l', (j) =>
        j
          .onRef('l.org', '=', 'e.org')
          .onRef('l.environment', '=', 'e.name')
          .onRef('l.number', '=', 'e.snapshots'),
      )
      .selectAll('e')
      .select(['s.last_seen_at', 'l.at as last_snapshot_at'])
      .select((eb) =>
        eb
          .selectFrom('snapshot_artifacts as r')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('r.org', '=', 'e.org')
          .whereRef('r.environment', '=', 'e.name')
          .whereRef('r.number', '=', 'e.snapshots')
          .as('running'),
      )
      .where('e.org', '=', org);
  }

  /** The first verdict on snapshot `snapshot`, or the newest one reached by `at`, or the newest. */
  private async state(
    org: string,
    environment: string,
    by: { snapshot?: number; at?: string },
  ): Promise<Snapshot | undefined> {
    let query = this.db
      .selectFrom('environment_states')
      .selectAll()
      .where('org', '=', org)
      .where('environment', '=', environment);
    if (by.snapshot !== undefined) query = query.where('snapshot', '=', by.snapshot);
    // By time: the newest verdict reached by then, found through the (org, environment, at, idx)
    // index; by idx alone, the primary key is walked back from now through every later verdict.
    // Verdicts are recorded in time order (recordSnapshot's effectiveTime), so both orders agree.
    if (by.at !== undefined) query = query.where('at', '<=', by.at).orderBy('at', 'desc');
    const state = await query
      .orderBy('idx', by.snapshot === undefined ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
    if (state === undefined) return undefined;
    const snapshot = await this.snapshotOf(state);
    if (by.snapshot === undefined) return snapshot;
    const newest = await this.db
      .selectFrom('environment_states')
      .select(['at', 'idx', 'compliant'])
      .where('org', '=', org)
      .where('environment', '=', environment)
      .where('snapshot', '=', by.snapshot)
      .orderBy('idx', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return newest.idx === state.idx
      ? snapshot
      : { ...snapshot, laterVerdict: { compliant: newest.compliant === 1, evaluatedAt: newest.at } };
  }

  private async snapshotOf(state: Selectable<EnvironmentStateTable>): Promise<Snapshot> {
    const { org, environment } = state;
    const snapshots = await this.db
      .selectFrom('snapshots')
      .select(['number', 'at', 'idx'])
      .where('org', '=', org)
      .where('environment', '=', environment)
      .where('number', 'in', [state.snapshot, state.snapshot + 1])
      .orderBy('number')
      .execute();
    const [snapshot, next] = snapshots;
    if (snapshot?.number !== state.snapshot)
      throw new Error(`snapshot ${state.snapshot} of ${environment} has a verdict but no row`);
    const artifacts = JSON.parse(state.results) as SnapshotArtifact[];
    const flagged = await unauthorisedArrivals(this.db, org, environment, state.snapshot, artifacts);
    return {
      environment,
      number: state.snapshot,
      at: snapshot.at,
      until: next?.at ?? null,
      index: snapshot.idx,
      compliant: state.compliant === 1,
      evaluatedAt: state.at,
      artifacts: artifacts.map((a) => ({ ...a, unauthorised: flagged.has(runningKey(a)) })),
    };
  }
}

function toEnvironment(
  row: Selectable<EnvironmentTable> & {
    last_seen_at: string | null;
    last_snapshot_at: string | null;
    running: number | string | null;
  },
): Environment {
  return {
    name: row.name,
    type: row.type as EnvironmentType,
    description: row.description,
    includes: JSON.parse(row.includes) as string[],
    policies: JSON.parse(row.policies) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    snapshots: row.snapshots,
    compliant: row.compliant === 1,
    lastSeenAt: row.last_seen_at,
    running: Number(row.running ?? 0),
    lastSnapshotAt: row.last_snapshot_at,
  };
}

/**
 * A page of change-log rows, newest entry first, completed with the rest of its last entry's lines
 * when the limit cut into it: the lines of one entry (one snapshot) are never split across pages,
 * as the paging cursor is an entry's index.
 */
export async function withWholeLastEntry(
  db: Kysely<Database>,
  org: string,
  rows: Selectable<EnvironmentChangeTable>[],
  limit: number,
): Promise<Selectable<EnvironmentChangeTable>[]> {
  const last = rows.at(-1);
  if (rows.length < limit || last === undefined) return rows;
  const rest = await db
    .selectFrom('environment_changes')
    .selectAll()
    .where('org', '=', org)
    .where('environment', '=', last.environment)
    .where('idx', '=', last.idx)
    .where('seq', '>', last.seq)
    .orderBy('seq')
    .execute();
  return [...rows, ...rest];
}

/** A change-log row as the API answers it. */
export function toChange(row: Selectable<EnvironmentChangeTable>): EnvironmentChange {
  return {
    environment: row.environment,
    snapshot: row.snapshot,
    at: row.at,
    index: row.idx,
    kind: row.kind as EnvironmentChange['kind'],
    name: row.name,
    fingerprint: row.fingerprint,
    instancesBefore: row.instances_before,
    instancesAfter: row.instances_after,
    compliant: row.compliant === 1,
    reasons: JSON.parse(row.reasons) as string[],
    unauthorised: row.unauthorised === 1,
    provenance: JSON.parse(row.provenance) as EnvironmentChange['provenance'],
    ...(row.notes !== null && { notes: JSON.parse(row.notes) as string[] }),
  };
}
