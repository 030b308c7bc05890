import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/** User-defined attestation types (JSON Schema + CEL rules), every version kept. */
export function customTypeMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('custom_types')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', sql.raw(int(dialect)), (c) => c.notNull())
        .addPrimaryKeyConstraint('custom_types_pk', ['org', 'name', 'version'])
        .execute();
    },
  };
}
