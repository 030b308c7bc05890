import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from './dialect.ts';
import { approvalMigration } from './migrations/approvalMigration.ts';
import { blob, int } from './migrations/columnTypes.ts';
import { customTypeMigration } from './migrations/customTypeMigration.ts';
import { deliveryMigration } from './migrations/deliveryMigration.ts';
import { environmentMigration } from './migrations/environmentMigration.ts';
import { identityMigration } from './migrations/identityMigration.ts';
import { snapshotReadMigration } from './migrations/snapshotReadMigration.ts';
import { verificationMigration } from './migrations/verificationMigration.ts';
import { webhookMigration } from './migrations/webhookMigration.ts';

/** Tables whose rows may never be updated or deleted (DESIGN §3 "Guard rails, not proof"). */
export const APPEND_ONLY_TABLES = ['ledger_entries', 'ledger_checkpoints', 'server_meta'] as const;

/**
 * Schema migrations, in order. Written once with Kysely's schema builder; the few places where the
 * two databases differ (column types, trigger syntax) switch on the dialect.
 */
export function migrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_ledger': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('server_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('orgs')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('ledger_heads')
          .addColumn('org', 'text', (c) => c.primaryKey().references('orgs.name'))
          .addColumn('size', sql.raw(int(dialect)), (c) => c.notNull())
          .addColumn('root_hash', sql.raw(blob(dialect)), (c) => c.notNull())
          .addColumn('last_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('ledger_entries')
          .addColumn('org', 'text', (c) => c.notNull())
          .addColumn('idx', sql.raw(int(dialect)), (c) => c.notNull())
          .addColumn('entry', sql.raw(blob(dialect)), (c) => c.notNull())
          .addColumn('leaf_hash', sql.raw(blob(dialect)), (c) => c.notNull())
          .addColumn('nodes', sql.raw(blob(dialect)), (c) => c.notNull())
          .addColumn('idempotency_key', 'text')
          .addColumn('request_hash', sql.raw(blob(dialect)))
          .addPrimaryKeyConstraint('ledger_entries_pk', ['org', 'idx'])
          .modifyEnd(sql.raw(dialect === 'sqlite' ? ' without rowid' : ''))
          .execute();
        await db.schema
          .createIndex('ledger_entries_idempotency')
          .on('ledger_entries')
          .columns(['org', 'idempotency_key'])
          .unique()
          .where(sql.ref('idempotency_key'), 'is not', null)
          .execute();
        await db.schema
          .createTable('ledger_checkpoints')
          .addColumn('org', 'text', (c) => c.notNull())
          .addColumn('size', sql.raw(int(dialect)), (c) => c.notNull())
          .addColumn('root_hash', sql.raw(blob(dialect)), (c) => c.notNull())
          .addColumn('note', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('ledger_checkpoints_pk', ['org', 'size'])
          .execute();
        await db.schema
          .createTable('token_secrets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('token_hash', sql.raw(blob(dialect)), (c) => c.notNull().unique())
          .execute();
        await db.schema
          .createTable('api_tokens')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org', 'text', (c) => c.notNull().references('orgs.name'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('revoked_at', 'text')
          .addColumn('created_index', sql.raw(int(dialect)), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('flows')
          .addColumn('org', 'text', (c) => c.notNull().references('orgs.name'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('created_index', sql.raw(int(dialect)), (c) => c.notNull())
          .addColumn('updated_index', sql.raw(int(dialect)), (c) => c.notNull())
          .addPrimaryKeyConstraint('flows_pk', ['org', 'name'])
          .execute();
        for (const statement of guardRails(dialect)) await sql.raw(statement).execute(db);
      },
    },
    '0002_identity': identityMigration(dialect),
    '0003_delivery': deliveryMigration(dialect),
    '0004_custom_types': customTypeMigration(dialect),
    '0005_environments': environmentMigration(dialect),
    '0006_webhooks': webhookMigration(dialect),
    '0007_approvals': approvalMigration(dialect),
    '0008_verifications': verificationMigration(dialect),
    '0009_snapshot_reads': snapshotReadMigration(),
  };
}

/**
 * Triggers that refuse UPDATE, DELETE and TRUNCATE on ledger tables, and refuse to shrink a tree
 * head. A superuser can drop them; signed checkpoints held elsewhere are the proof (DESIGN §3).
 */
function guardRails(dialect: SqlDialect): string[] {
  if (dialect === 'sqlite') {
    // SQLite has no TRUNCATE: "DELETE FROM t" fires the DELETE trigger (the truncate optimisation is
    // disabled for tables with triggers, https://sqlite.org/lang_delete.html#truncateopt).
    return [
      ...APPEND_ONLY_TABLES.flatMap((table) =>
        ['update', 'delete'].map(
          (op) =>
            `create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, 'append_only: ${table} rows cannot be ${op}d'); end`,
        ),
      ),
      `create trigger ledger_heads_no_delete before delete on ledger_heads begin select raise(abort, 'append_only: ledger_heads rows cannot be deleted'); end`,
      `create trigger ledger_heads_only_grow before update on ledger_heads when new.size < old.size or new.org <> old.org begin select raise(abort, 'append_only: a tree head can only grow'); end`,
    ];
  }
  return [
    `create function evident_refuse_change() returns trigger language plpgsql as $$
     begin raise exception 'append_only: % rows cannot be %d', tg_table_name, lower(tg_op) using errcode = 'P0001'; end $$`,
    `create function evident_head_only_grows() returns trigger language plpgsql as $$
     begin
       if new.size < old.size or new.org <> old.org then
         raise exception 'append_only: a tree head can only grow' using errcode = 'P0001';
       end if;
       return new;
     end $$`,
    ...APPEND_ONLY_TABLES.flatMap((table) => [
      `create trigger ${table}_no_change before update or delete on ${table} for each row execute function evident_refuse_change()`,
      `create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function evident_refuse_change()`,
    ]),
    `create trigger ledger_heads_no_delete before delete on ledger_heads for each row execute function evident_refuse_change()`,
    `create trigger ledger_heads_no_truncate before truncate on ledger_heads for each statement execute function evident_refuse_change()`,
    `create trigger ledger_heads_only_grow before update on ledger_heads for each row execute function evident_head_only_grows()`,
  ];
}
