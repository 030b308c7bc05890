import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/**
 * Verification runs of the server (issue #7, the web UI's Ledger page). Not a projection and not in
 * the ledger: a run is the server's observation of the ledger, not a domain fact, so it is kept, and
 * pruned to the newest runs per org, outside it (like the webhook delivery log).
 */
export function verificationMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('verification_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('size', sql.raw(int(dialect)), (c) => c.notNull())
        .addColumn('root_hash', 'text', (c) => c.notNull())
        .addColumn('finding_count', 'integer', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('verification_runs_recent')
        .on('verification_runs')
        .columns(['org', 'started_at', 'id'])
        .execute();
    },
  };
}
