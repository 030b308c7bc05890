import type { Kysely, Transaction } from 'kysely';
import type { ReportedArtifact, SnapshotArtifact } from '../core/model/environment.ts';
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
