import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/**
 * Environments, policies, snapshots, the compliance timeline and the change log (issue #5). All but
 * `environment_seen` are projections of the ledger; that one only says when a reporter last
 * reported, which changes on every report and is deliberately kept out of the ledger.
 */
export function environmentMigration(dialect: SqlDialect): Migration {
  const bigint = sql.raw(int(dialect));
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('environments')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('includes', 'text', (c) => c.notNull())
        .addColumn('policies', 'text', (c) => c.notNull())
        .addColumn('snapshots', 'integer', (c) => c.notNull())
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addColumn('updated_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('environments_pk', ['org', 'name'])
        .execute();
      await db.schema
        .createTable('policies')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('policies_pk', ['org', 'name', 'version'])
        .execute();
      await db.schema
        .createTable('snapshots')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull())
        .addColumn('artifacts', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('snapshots_pk', ['org', 'environment', 'number'])
        .execute();
      await db.schema
        .createTable('snapshot_artifacts')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('instances', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('snapshot_artifacts_pk', [
          'org',
          'environment',
          'number',
          'name',
          'fingerprint',
        ])
        .execute();
      await db.schema
        .createIndex('snapshot_artifacts_by_fingerprint')
        .on('snapshot_artifacts')
        .columns(['org', 'fingerprint'])
        .execute();
      await db.schema
        .createTable('environment_states')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'integer', (c) => c.notNull())
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('environment_states_pk', ['org', 'environment', 'idx'])
        .execute();
      await db.schema
        .createTable('environment_changes')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('instances_before', 'integer', (c) => c.notNull())
        .addColumn('instances_after', 'integer', (c) => c.notNull())
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('unauthorised', 'integer', (c) => c.notNull())
        .addColumn('provenance', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('environment_changes_pk', ['org', 'environment', 'idx', 'seq'])
        .execute();
      await db.schema
        .createIndex('environment_changes_unauthorised')
        .on('environment_changes')
        .columns(['org', 'unauthorised', 'idx'])
        .execute();
      await db.schema
        .createTable('environment_seen')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('environment_seen_pk', ['org', 'environment'])
        .execute();
    },
  };
}
