import type { Kysely, Transaction } from 'kysely';
import { checkAttestationType } from '../core/compliance/evaluators.ts';
import type { ReportedArtifact, SnapshotArtifact } from '../core/model/environment.ts';
import { parsePolicy, type Policy } from '../core/model/policy.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The running set of the environment's latest snapshot (empty before the first). */
export async function currentRunningSet(
  db: Db,
  org: string,
  environment: string,
): Promise<ReportedArtifact[]> {
  const row = await db
    .selectFrom('snapshots')
    .select('artifacts')
    .where('org', '=', org)
    .where('environment', '=', environment)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? [] : (JSON.parse(row.artifacts) as ReportedArtifact[]);
}

/** The environment's latest verdict: when it was reached and on what (undefined before the first). */
export function latestState(db: Db, org: string, environment: string) {
  return db
    .selectFrom('environment_states')
    .select(['at', 'results'])
    .where('org', '=', org)
    .where('environment', '=', environment)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The artifacts of the environment's latest verdict (empty before the first snapshot). */
export async function latestResults(db: Db, org: string, environment: string): Promise<SnapshotArtifact[]> {
  const row = await latestState(db, org, environment);
  return row === undefined ? [] : (JSON.parse(row.results) as SnapshotArtifact[]);
}

/**
 * The latest version of each named policy, parsed, in the order named (a missing one is skipped):
 * what an environment follows, for its snapshots' verdicts and for its gate alike.
 */
export async function followedPolicies(
  db: Db,
  org: string,
  names: readonly string[],
): Promise<{ name: string; policy: Policy }[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('policies')
    .select(['name', 'source'])
    .where('org', '=', org)
    .where('name', 'in', names)
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
  return names.flatMap((name) => {
    const latest = rows.find((r) => r.name === name);
    return latest === undefined
      ? []
      : [{ name, policy: parsePolicy(latest.source, (t) => checkAttestationType(t, undefined)) }];
  });
}
