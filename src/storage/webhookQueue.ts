import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { SqlDialect } from './dialect.ts';
import type { Database } from './schema.ts';

/** A notification ready to queue for one webhook. */
export interface QueuedDelivery {
  readonly id: string;
  readonly environment: string;
  readonly sourceIndex: number;
  /** Canonical JSON of the payload. */
  readonly payload: string;
}

/** A delivery this process has claimed, with what it takes to send it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly org: string;
  readonly event: string;
  readonly payload: string;
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly kind: string;
  readonly url: string;
  readonly secret: string | null;
}

/** What became of a delivery after an attempt. */
export interface AttemptOutcome {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly nextAttemptAt: string | null;
}

/** Rows per insert: under both databases' bound-parameter limits. */
const ROWS_PER_STATEMENT = 1000;

/**
 * The notifier's working state (not a projection): per-webhook cursors into the ledger and the
 * queue of deliveries. Built so that any number of server processes on one database can run it at
 * once (DESIGN §6): queueing is idempotent, and a delivery is claimed by one process at a time.
 */
export class WebhookQueue {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  /** The ledger index up to which a webhook has been given `event`s, if it has been yet. */
  async cursor(org: string, webhookId: number, event: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('webhook_cursors')
      .select('after_index')
      .where('org', '=', org)
      .where('webhook_id', '=', webhookId)
      .where('event', '=', event)
      .executeTakeFirst();
    return row?.after_index;
  }

  /**
   * Queues deliveries and moves the cursor to `through` in one transaction. A delivery already
   * queued (by this or another process) is left as it is, and the cursor never moves back.
   * Answers how many deliveries are new.
   */
  async enqueue(
    org: string,
    webhookId: number,
    event: string,
    deliveries: readonly QueuedDelivery[],
    through: number,
    at: string,
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      let added = 0;
      for (let i = 0; i < deliveries.length; i += ROWS_PER_STATEMENT) {
        const result = await trx
          .insertInto('webhook_deliveries')
          .values(
            deliveries.slice(i, i + ROWS_PER_STATEMENT).map((d) => ({
              id: d.id,
              org,
              webhook_id: webhookId,
              event,
              environment: d.environment,
              source_index: d.sourceIndex,
              payload: d.payload,
              status: 'pending',
              attempts: 0,
              created_at: at,
              next_attempt_at: at,
              delivered_at: null,
              claim: null,
              claimed_until: null,
            })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      await trx
        .insertInto('webhook_cursors')
        .values({ org, webhook_id: webhookId, event, after_index: through })
        .onConflict((oc) =>
          oc
            .columns(['org', 'webhook_id', 'event'])
            .doUpdateSet((eb) => ({ after_index: eb.ref('excluded.after_index') }))
            .whereRef('webhook_cursors.after_index', '<', 'excluded.after_index'),
        )
        .execute();
      return added;
    });
  }

  /** Pending deliveries of webhooks that were deleted are never sent. */
  async cancelOrphans(): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled', next_attempt_at: null, claim: null, claimed_until: null })
      .where('status', '=', 'pending')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('webhooks')
              .select('webhooks.org')
              .whereRef('webhooks.org', '=', 'webhook_deliveries.org')
              .whereRef('webhooks.created_index', '=', 'webhook_deliveries.webhook_id'),
          ),
        ),
      )
      .execute();
  }

  /**
   * Claims up to `limit` due deliveries until `until`, atomically: the claim conditions are part of
   * the UPDATE itself, so a row another process claimed meanwhile is skipped (PostgreSQL re-checks
   * them on the row's newest version; SQLite has one writer at a time). On PostgreSQL rows being
   * claimed elsewhere are skipped rather than waited for (SKIP LOCKED).
   */
  async claim(now: string, until: string, claim: string, limit: number): Promise<ClaimedDelivery[]> {
    const due = (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) =>
      eb.and([
        eb('webhook_deliveries.status', '=', 'pending'),
        eb('webhook_deliveries.next_attempt_at', '<=', now),
        eb.or([
          eb('webhook_deliveries.claimed_until', 'is', null),
          eb('webhook_deliveries.claimed_until', '<=', now),
        ]),
      ]);
    const pick = this.db
      .selectFrom('webhook_deliveries')
      .select('webhook_deliveries.id')
      .where(due)
      .orderBy('webhook_deliveries.next_attempt_at')
      .limit(limit);
    await this.db
      .updateTable('webhook_deliveries')
      .set({ claim, claimed_until: until })
      .where((eb) =>
        this.dialect === 'postgres'
          ? // As ARRAY(…) the subquery runs once; as an IN list PostgreSQL may plan it inside a
            // nested loop and run it again for every row, each time locking other rows.
            sql<boolean>`${eb.ref('webhook_deliveries.id')} = any(array(${pick.forUpdate().skipLocked()}))`
          : eb('webhook_deliveries.id', 'in', pick),
      )
      .where(due)
      .execute();
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', (j) =>
        j.onRef('w.org', '=', 'd.org').onRef('w.created_index', '=', 'd.webhook_id'),
      )
      .innerJoin('webhook_secrets as s', 's.id', 'w.secret_id')
      .select(['d.id', 'd.org', 'd.event', 'd.payload', 'd.attempts', 'w.kind', 's.url', 's.secret'])
      .where('d.claim', '=', claim)
      .orderBy('d.next_attempt_at')
      .execute();
    return rows;
  }

  /**
   * Records an attempt and what follows from it, if the claim still holds (a claim that outlived
   * its lease may have passed to another process, whose attempt then counts instead).
   */
  async finish(delivery: ClaimedDelivery, claim: string, outcome: AttemptOutcome): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set({
          status: outcome.status,
          attempts: delivery.attempts + 1,
          next_attempt_at: outcome.nextAttemptAt,
          delivered_at: outcome.status === 'delivered' ? outcome.finishedAt : null,
          claim: null,
          claimed_until: null,
        })
        .where('id', '=', delivery.id)
        .where('claim', '=', claim)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('webhook_attempts')
        .values({
          delivery_id: delivery.id,
          attempt: delivery.attempts + 1,
          started_at: outcome.startedAt,
          finished_at: outcome.finishedAt,
          status_code: outcome.statusCode,
          error: outcome.error,
        })
        .execute();
      return true;
    });
  }

  /** Gives a claimed delivery back untried (the server is stopping). */
  async release(id: string, claim: string): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ claim: null, claimed_until: null })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .execute();
  }
}
