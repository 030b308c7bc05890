import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../dialect.ts';
import { int } from './columnTypes.ts';

/**
 * Approvals and break-glass exceptions (issue #6), all projections of the ledger:
 *
 * - `approvals`: requests and exceptions, by the index of the entry that created them;
 * - `approval_decisions`: every decision on a request and every review of an exception;
 * - `approval_attestations`: each decision and exception as an `approval` attestation on every
 *   trail that had reported the fingerprint. Same columns as `attestations`, but keyed by entry
 *   *and* trail: one decision attests on several trails, while `attestations` has one row an entry.
 *   Trail queries read both tables; trail compliance reads `attestations` only (an approval is about
 *   an environment, not about how the trail was built).
 *
 * The change log also records the notes of a verdict (a break-glass exception an artifact started
 * under), and gets an index to find when an artifact's run in an environment began.
 */
export function approvalMigration(dialect: SqlDialect): Migration {
  const bigint = sql.raw(int(dialect));
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('approvals')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('id', bigint, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('environment', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('required', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('superseded_by', bigint)
        .addColumn('change', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_index', bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('approvals_pk', ['org', 'id'])
        .execute();
      await db.schema
        .createIndex('approvals_by_fingerprint')
        .on('approvals')
        .columns(['org', 'fingerprint', 'environment'])
        .execute();
      await db.schema
        .createTable('approval_decisions')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull())
        .addColumn('approval', bigint, (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('approval_decisions_pk', ['org', 'idx'])
        .execute();
      await db.schema
        .createIndex('approval_decisions_by_approval')
        .on('approval_decisions')
        .columns(['org', 'approval'])
        .execute();
      // The columns of `attestations` (deliveryMigration.ts), in the same order.
      let attestations: CreateTableBuilder<string, string> = db.schema
        .createTable('approval_attestations')
        .addColumn('org', 'text', (c) => c.notNull())
        .addColumn('idx', bigint, (c) => c.notNull());
      for (const column of ['flow', 'trail', 'name', 'type'])
        attestations = attestations.addColumn(column, 'text', (c) => c.notNull());
      attestations = attestations.addColumn('target_fingerprint', 'text').addColumn('target_name', 'text');
      attestations = attestations.addColumn('evidence', 'text', (c) => c.notNull()).addColumn('data', 'text');
      for (const column of ['compliant', 'claimed'])
        attestations = attestations.addColumn(column, 'integer', (c) => c.notNull());
      for (const column of ['summary', 'reasons', 'created_at'])
        attestations = attestations.addColumn(column, 'text', (c) => c.notNull());
      await attestations
        .addPrimaryKeyConstraint('approval_attestations_pk', ['org', 'idx', 'flow', 'trail'])
        .execute();
      await db.schema
        .createIndex('approval_attestations_by_trail')
        .on('approval_attestations')
        .columns(['org', 'flow', 'trail'])
        .execute();
      await db.schema.alterTable('environment_changes').addColumn('notes', 'text').execute();
      await db.schema
        .createIndex('environment_changes_by_fingerprint')
        .on('environment_changes')
        .columns(['org', 'environment', 'fingerprint'])
        .execute();
    },
  };
}
