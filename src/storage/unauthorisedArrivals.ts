import type { Kysely } from 'kysely';
import { runningKey } from '../core/model/environment.ts';
import type { Database } from './schema.ts';

/**
 * Which of the artifacts running in snapshot `number` of an environment arrived unauthorised: the
 * change that last started each one there, up to that snapshot, was flagged (DESIGN §4). The flag
 * belongs to the arrival, so it stays on an artifact that complies later (a late attestation) until
 * it stops. Read through the index on (org, environment, fingerprint, idx): one seek per artifact,
 * not a scan of the change log. Returns `runningKey`s.
 */
export async function unauthorisedArrivals(
  db: Kysely<Database>,
  org: string,
  environment: string,
  number: number,
  running: readonly { name: string; fingerprint: string }[],
): Promise<Set<string>> {
  if (running.length === 0) return new Set();
  const wanted = new Set(running.map(runningKey));
  const starts = await db
    .selectFrom('environment_changes')
    .select(['name', 'fingerprint', 'unauthorised', 'idx'])
    .where('org', '=', org)
    .where('environment', '=', environment)
    .where('fingerprint', 'in', [...new Set(running.map((a) => a.fingerprint))])
    .where('kind', '=', 'started')
    .where('snapshot', '<=', number)
    .execute();
  // Sorted here, not by ORDER BY idx: asked to sort, SQLite's planner walks the whole change log
  // through the primary key rather than seek the fingerprint index (EXPLAIN QUERY PLAN, bench
  // queries-sqlite); the rows are the few starts of the running fingerprints.
  starts.sort((a, b) => b.idx - a.idx);
  const decided = new Set<string>();
  const flagged = new Set<string>();
  // Newest first: the first start seen of an artifact is the one that let it in this time.
  for (const start of starts) {
    const key = runningKey(start);
    if (!wanted.has(key) || decided.has(key)) continue;
    decided.add(key);
    if (start.unauthorised === 1) flagged.add(key);
  }
  return flagged;
}
