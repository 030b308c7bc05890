import type { Kysely } from 'kysely';
import type { EnvironmentChange } from '../core/model/environment.ts';
import { toChange, withWholeLastEntry } from './environmentStore.ts';
import type { Database } from './schema.ts';

/** Environments read by one statement (SQLite allows 500 terms in a compound SELECT). */
const ENVIRONMENTS_A_STATEMENT = 50;

/**
 * The change log of several environments merged, newest first, before the cursor `before` (a
 * ledger index): `limit` lines, or a few more so that the last entry's lines are all on this page.
 *
 * Each environment's newest `limit` lines come from the primary key (org, environment, idx, seq)
 * read backwards, then the merge keeps the newest: bounded work however long the log, where one
 * `environment IN (…) ORDER BY idx` would sort every line of the org.
 */
export async function recentChanges(
  db: Kysely<Database>,
  org: string,
  environments: readonly string[],
  window: { before?: number; limit: number },
): Promise<EnvironmentChange[]> {
  const newest = (environment: string, alias: string) => {
    let query = db
      .selectFrom('environment_changes')
      .selectAll()
      .where('org', '=', org)
      .where('environment', '=', environment);
    if (window.before !== undefined) query = query.where('idx', '<', window.before);
    return db
      .selectFrom(query.orderBy('idx', 'desc').orderBy('seq').limit(window.limit).as(alias))
      .selectAll();
  };
  const rows = [];
  for (let start = 0; start < environments.length; start += ENVIRONMENTS_A_STATEMENT) {
    const chunk = environments.slice(start, start + ENVIRONMENTS_A_STATEMENT);
    const [first, ...others] = chunk.map((environment, i) => newest(environment, `c${i}`));
    if (first === undefined) continue;
    const merged = others.reduce((union, query) => union.unionAll(query), first);
    rows.push(...(await merged.orderBy('idx', 'desc').orderBy('seq').limit(window.limit).execute()));
  }
  rows.sort((a, b) => b.idx - a.idx || a.seq - b.seq);
  // One snapshot is one entry of one environment: its lines stay on one page.
  const page = await withWholeLastEntry(db, org, rows.slice(0, window.limit), window.limit);
  return page.map(toChange);
}
