import { createHash } from 'node:crypto';
import { canonicalize } from '../../core/ledger/canonicalJson.ts';
import type { EnvironmentStore } from '../../storage/environmentStore.ts';
import type { WebhookQueue } from '../../storage/webhookQueue.ts';
import type { StoredWebhook, WebhookStore } from '../../storage/webhookStore.ts';
import type { NotificationSource } from './notificationSource.ts';

export interface QueueDeps {
  readonly webhooks: WebhookStore;
  readonly queue: WebhookQueue;
  readonly environments: Pick<EnvironmentStore, 'environment'>;
  readonly sources: readonly NotificationSource[];
  readonly now: () => number;
}

/**
 * Step one of a notifier tick: for each webhook and event it wants, reads what happened after its
 * cursor and queues one delivery per notification it is interested in, moving the cursor in the
 * same transaction. A webhook's cursor starts at the entry that created it: a new webhook hears
 * about what happens from then on, not about history. Answers how many deliveries were queued.
 */
export async function queueNotifications(deps: QueueDeps): Promise<number> {
  const at = new Date(deps.now()).toISOString();
  const sources = new Map(deps.sources.map((s) => [s.event, s]));
  let queued = 0;
  for (const webhook of await deps.webhooks.webhooks()) {
    const wanted = await environmentFilter(deps.environments, webhook);
    for (const event of webhook.events) {
      const source = sources.get(event);
      if (source === undefined) continue;
      const cursor = (await deps.queue.cursor(webhook.org, webhook.id, event)) ?? webhook.id;
      const page = await source.after(webhook.org, cursor);
      if (page.through <= cursor) continue;
      const deliveries = page.notifications
        .filter((n) => wanted === undefined || wanted.has(n.environment))
        .map((n) => ({
          id: deliveryId(webhook, event, n.key),
          environment: n.environment,
          sourceIndex: n.index,
          payload: canonicalize(n.payload),
        }));
      queued += await deps.queue.enqueue(webhook.org, webhook.id, event, deliveries, page.through, at);
    }
  }
  return queued;
}

/** The environments a webhook hears about (a logical one stands for its members); undefined: all. */
async function environmentFilter(
  environments: QueueDeps['environments'],
  webhook: StoredWebhook,
): Promise<Set<string> | undefined> {
  if (webhook.environments.length === 0) return undefined;
  const wanted = new Set<string>();
  for (const name of webhook.environments) {
    wanted.add(name);
    const found = await environments.environment(webhook.org, name);
    for (const member of found?.includes ?? []) wanted.add(member);
  }
  return wanted;
}

/**
 * The same notification to the same webhook always gets the same id: it is the queue's primary
 * key, so processes that read the same changes at once queue it once, and receivers can use the
 * `Evident-Delivery` header to drop a retry they already handled.
 */
function deliveryId(webhook: StoredWebhook, event: string, key: string): string {
  const digest = createHash('sha256')
    .update([webhook.org, String(webhook.id), event, key].join('\u0000'))
    .digest('hex');
  return `dlv_${digest.slice(0, 32)}`;
}
