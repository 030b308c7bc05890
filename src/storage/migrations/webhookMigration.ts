import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/**
 * Webhook notifications (issue #5 §5). `webhooks` is a projection of the ledger. The rest is not:
 * `webhook_secrets` holds credentials (full URLs, signing secrets), which never enter the ledger
 * (DESIGN §7); cursors, deliveries and attempts are the notifier's working state and delivery log,
 * which change on every try and are deliberately kept out of the ledger and out of rebuilds.
 */
export function webhookMigration(dialect: SqlDialect): Migration {
  const bigint = sql.raw(int(dialect));
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhooks')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('environments', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('secret_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_index', bigint, (c) => c.notNull())
        .addColumn('updated_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('webhooks_pk', ['org', 'name'])
        .execute();
      await db.schema
        .createTable('webhook_secrets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text')
        .execute();
      await db.schema
        .createTable('webhook_cursors')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('webhook_id', bigint, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('after_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_cursors_pk', ['org', 'webhook_id', 'event'])
        .execute();
      // The primary key is derived from (org, webhook, event, subject): enqueueing is idempotent, so
      // two processes reading the same changes never deliver one twice.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('webhook_id', bigint, (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('source_index', bigint, (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('claim', 'text')
        .addColumn('claimed_until', 'text')
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_log')
        .on('webhook_deliveries')
        .columns(['org', 'webhook_id', 'source_index', 'id'])
        .execute();
      await db.schema
        .createTable('webhook_attempts')
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
        .execute();
    },
  };
}
