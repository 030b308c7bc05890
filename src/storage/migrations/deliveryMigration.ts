import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/**
 * Flow templates, trails, artifacts, attestations and evidence (issue #3). JSON columns hold
 * canonical JSON text; compliance columns are derived by the projectors (DESIGN §4).
 */
export function deliveryMigration(dialect: SqlDialect): Migration {
  const bigint = sql.raw(int(dialect));
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('flows').addColumn('template', 'text').execute();
      await db.schema
        .alterTable('flows')
        .addColumn('template_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('trails')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('commit_sha', 'text')
        .addColumn('git', 'text')
        .addColumn('origin_url', 'text')
        .addColumn('user_data', 'text')
        .addColumn('template', 'text')
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addColumn('updated_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('trails_pk', ['org', 'flow', 'name'])
        .execute();
      await db.schema.createIndex('trails_by_commit').on('trails').columns(['org', 'commit_sha']).execute();
      await db.schema
        .createTable('artifacts')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('trail', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('filename', 'text')
        .addColumn('commit_sha', 'text')
        .addColumn('build_url', 'text')
        .addColumn('repository', 'text')
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('artifacts_pk', ['org', 'flow', 'trail', 'fingerprint'])
        .execute();
      await db.schema
        .createIndex('artifacts_by_fingerprint')
        .on('artifacts')
        .columns(['org', 'fingerprint'])
        .execute();
      await db.schema
        .createTable('attestations')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull())
        .addColumn('flow', 'text', (c) => c.notNull())
        .addColumn('trail', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('target_fingerprint', 'text')
        .addColumn('target_name', 'text')
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .addColumn('compliant', 'integer', (c) => c.notNull())
        .addColumn('claimed', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('attestations_pk', ['org', 'idx'])
        .execute();
      await db.schema
        .createIndex('attestations_by_trail')
        .on('attestations')
        .columns(['org', 'flow', 'trail', 'name'])
        .execute();
      await db.schema
        .createTable('evidence')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('evidence_pk', ['org', 'sha256'])
        .execute();
    },
  };
}
