import type { Kysely, Migration } from 'kysely';

/**
 * An index for how each running artifact arrived (unauthorisedArrivals.ts): every snapshot read
 * looks up, per running fingerprint, its latest start in the environment's change log. Without it
 * that is a scan of the whole log, against DESIGN §9's environment-at-time target.
 */
export function arrivalMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('environment_changes_arrivals')
        .on('environment_changes')
        .columns(['org', 'environment', 'fingerprint', 'idx'])
        .execute();
    },
  };
}
