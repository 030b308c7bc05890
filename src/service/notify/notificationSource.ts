import type { WebhookEvent, WebhookPayload } from '../../core/model/webhook.ts';

/** Something to tell webhooks about, found in a projection of the ledger. */
export interface Notification {
  /** Names what is notified, uniquely within the org and event (a delivery's id derives from it). */
  readonly key: string;
  readonly environment: string;
  /** The ledger index of the entry it comes from. */
  readonly index: number;
  readonly payload: WebhookPayload;
}

/** A page of notifications, and the ledger index up to which everything has been looked at. */
export interface NotificationPage {
  readonly notifications: readonly Notification[];
  readonly through: number;
}

/**
 * Where the notifications of one event type come from, by ledger index. A new kind of event is a
 * new source; the notifier keeps one cursor per webhook and event.
 */
export interface NotificationSource {
  readonly event: WebhookEvent;
  after(org: string, index: number): Promise<NotificationPage>;
}
