import type { Kysely, Migration } from 'kysely';

/**
 * Indexes for reading a snapshot (DESIGN §9: environment-at-time p99 < 5 ms at 1M entries, measured
 * by `npm run bench`'s queries sections): the verdict in force at an instant
 * (environmentStore.state), and how each running artifact arrived (unauthorisedArrivals.ts: per
 * running fingerprint, its latest start in the environment's change log). Without them both walk an
 * environment's whole history.
 */
export function snapshotReadMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('environment_changes_arrivals')
        .on('environment_changes')
        .columns(['org', 'environment', 'fingerprint', 'idx'])
        .execute();
      await db.schema
        .createIndex('environment_states_by_time')
        .on('environment_states')
        .columns(['org', 'environment', 'at', 'idx'])
        .execute();
    },
  };
}
