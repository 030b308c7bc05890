import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/** Users, their password hashes, service accounts, and token owners and revocations. */
export function identityMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('org', 'text', (c) => c.notNull().references('orgs.name'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', sql.raw(int(dialect)), (c) => c.notNull())
        .addColumn('updated_index', sql.raw(int(dialect)), (c) => c.notNull())
        .addPrimaryKeyConstraint('users_pk', ['org', 'username'])
        .execute();
      // Password hashes are secrets: never in the ledger, and not a projection (DESIGN §7).
      await db.schema
        .createTable('user_passwords')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_passwords_pk', ['org', 'username'])
        .execute();
      await db.schema
        .createTable('service_accounts')
        .addColumn('org', 'text', (c) => c.notNull().references('orgs.name'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_index', sql.raw(int(dialect)), (c) => c.notNull())
        .addPrimaryKeyConstraint('service_accounts_pk', ['org', 'name'])
        .execute();
      await db.schema
        .alterTable('api_tokens')
        .addColumn('owner_kind', 'text', (c) => c.notNull().defaultTo('system'))
        .execute();
      await db.schema.alterTable('api_tokens').addColumn('owner_name', 'text').execute();
      await db.schema
        .alterTable('api_tokens')
        .addColumn('revoked_index', sql.raw(int(dialect)))
        .execute();
    },
  };
}
