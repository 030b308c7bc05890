import type { Kysely } from 'kysely';
import type {
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEvent,
  WebhookPayload,
} from '../core/model/webhook.ts';
import type { Database } from './schema.ts';

/** Where a page of the delivery log starts: after this (ledger index, delivery id), going back. */
export interface DeliveryCursor {
  readonly index: number;
  readonly id: string;
}

/** The delivery log of webhooks: each delivery with every attempt (issue #5 §5). */
export class WebhookDeliveryLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * A page of a webhook's deliveries, newest first (by the ledger entry they tell about), before
   * `before`; `next` is where the next page starts, if there may be one.
   */
  async deliveries(
    org: string,
    webhookId: number,
    before: DeliveryCursor | undefined,
    limit: number,
  ): Promise<{ deliveries: WebhookDelivery[]; next: DeliveryCursor | null }> {
    let query = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org', '=', org)
      .where('webhook_id', '=', webhookId);
    if (before !== undefined)
      query = query.where((eb) =>
        eb.or([
          eb('source_index', '<', before.index),
          eb.and([eb('source_index', '=', before.index), eb('id', '<', before.id)]),
        ]),
      );
    const rows = await query.orderBy('source_index', 'desc').orderBy('id', 'desc').limit(limit).execute();
    const attempts =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('webhook_attempts')
            .selectAll()
            .where(
              'delivery_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('attempt')
            .execute();
    const last = rows.at(-1);
    const deliveries = rows.map((row) => ({
      id: row.id,
      event: row.event as WebhookEvent,
      environment: row.environment,
      status: row.status as WebhookDeliveryStatus,
      createdAt: row.created_at,
      nextAttemptAt: row.next_attempt_at,
      deliveredAt: row.delivered_at,
      payload: JSON.parse(row.payload) as WebhookPayload,
      attempts: attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          attempt: a.attempt,
          startedAt: a.started_at,
          finishedAt: a.finished_at,
          statusCode: a.status_code,
          error: a.error,
        })),
    }));
    return {
      deliveries,
      next: rows.length === limit && last !== undefined ? { index: last.source_index, id: last.id } : null,
    };
  }
}
