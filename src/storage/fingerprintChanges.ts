import type { Kysely } from 'kysely';
import type { EnvironmentChange } from '../core/model/environment.ts';
import { toChange } from './environmentStore.ts';
import type { Database } from './schema.ts';

/**
 * The change-log lines of one fingerprint in every environment of the org, newest first, at most
 * `limit`: where and when it started, scaled and stopped. Read through the index on
 * (org, environment, fingerprint), one environment at a time.
 */
export async function fingerprintChanges(
  db: Kysely<Database>,
  org: string,
  fingerprint: string,
  limit: number,
): Promise<EnvironmentChange[]> {
  const rows = await db
    .selectFrom('environment_changes')
    .selectAll()
    .where('org', '=', org)
    .where('environment', 'in', db.selectFrom('environments').select('name').where('org', '=', org))
    .where('fingerprint', '=', fingerprint)
    .orderBy('idx', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toChange);
}
