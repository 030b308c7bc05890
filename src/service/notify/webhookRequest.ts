import type { WebhookPayload } from '../../core/model/webhook.ts';
import { slackText } from './slackText.ts';
import { webhookSignature } from './webhookSignature.ts';

/** The body and headers of one POST to a webhook. */
export interface WebhookRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The POST for one attempt of a delivery. A generic webhook gets the payload as JSON, signed at
 * `unixSeconds` (README "Webhooks" shows how to check it); a Slack one gets `{text}` and no
 * signature, since Slack checks nothing but the URL. Both name the event and the delivery, whose id
 * stays the same on every retry so receivers can drop duplicates.
 */
export function webhookRequest(
  delivery: {
    readonly id: string;
    readonly event: string;
    readonly kind: string;
    readonly secret: string | null;
    readonly payload: string;
  },
  unixSeconds: number,
): WebhookRequest {
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'Evident-Webhooks',
    'Evident-Event': delivery.event,
    'Evident-Delivery': delivery.id,
  };
  if (delivery.kind === 'slack') {
    const text = slackText(JSON.parse(delivery.payload) as WebhookPayload);
    return { body: JSON.stringify({ text }), headers };
  }
  if (delivery.secret === null) throw new Error(`generic webhook delivery ${delivery.id} has no secret`);
  return {
    body: delivery.payload,
    headers: {
      ...headers,
      'Evident-Signature': webhookSignature(delivery.secret, delivery.payload, unixSeconds),
    },
  };
}
