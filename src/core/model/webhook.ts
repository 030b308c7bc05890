import { EvidentError } from '../errors.ts';
import type { EnvironmentChange } from './environment.ts';

export const WEBHOOK_SAVED = 'webhook.saved';
export const WEBHOOK_DELETED = 'webhook.deleted';

/** `generic`: signed JSON for any receiver; `slack`: a Slack incoming-webhook message. */
export const WEBHOOK_KINDS = ['generic', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/**
 * What a webhook can be told about (DESIGN §4 "unauthorised change: flagged, and notified"; issue #6
 * "break-glass: … notified immediately").
 */
export const WEBHOOK_EVENTS = ['unauthorised_change', 'break_glass'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * A webhook as the ledger knows it. Its full URL and signing secret are credentials (a Slack
 * incoming-webhook URL is one by itself), so only the URL's origin is ever recorded or shown;
 * the rest lives outside the ledger, like token hashes (DESIGN §7).
 */
export interface Webhook {
  /** The ledger index of the entry that created it: a deleted and re-created webhook is a new one. */
  readonly id: number;
  readonly name: string;
  readonly kind: WebhookKind;
  readonly events: readonly WebhookEvent[];
  /** Environments it is told about (a logical one stands for its members); empty: all. */
  readonly environments: readonly string[];
  /** scheme://host[:port] of its URL. */
  readonly origin: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The JSON body a generic webhook receives, and what a Slack message is written from: one type per
 * event, so a new kind of event is a new member of this union.
 */
export type WebhookPayload = UnauthorisedChangePayload | BreakGlassPayload;

/** An artifact started with no provenance or against policy: its change-log line. */
export interface UnauthorisedChangePayload {
  readonly type: 'unauthorised_change';
  readonly org: string;
  readonly environment: string;
  readonly change: EnvironmentChange;
  readonly occurredAt: string;
}

/** A break-glass exception: an artifact let into an environment without approval, to be reviewed. */
export interface BreakGlassPayload {
  readonly type: 'break_glass';
  readonly org: string;
  readonly environment: string;
  readonly exception: {
    /** Its approval id: review it with `evident approve|reject ID`. */
    readonly id: number;
    readonly fingerprint: string;
    /** The user who broke the glass. */
    readonly by: string;
    readonly reason: string;
  };
  readonly occurredAt: string;
}

/** `pending` until a 2xx answer (`delivered`) or the last retry (`failed`); `cancelled` with its webhook. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One try to deliver: the receiver's HTTP status, or why there was none. */
export interface WebhookAttempt {
  readonly attempt: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly statusCode: number | null;
  readonly error: string | null;
}

/** One notification to one webhook, with every attempt so far (the delivery log). */
export interface WebhookDelivery {
  readonly id: string;
  readonly event: WebhookEvent;
  readonly environment: string;
  readonly status: WebhookDeliveryStatus;
  readonly createdAt: string;
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly payload: WebhookPayload;
  readonly attempts: readonly WebhookAttempt[];
}

/** One of WEBHOOK_KINDS. */
export function checkWebhookKind(kind: string): WebhookKind {
  const found = WEBHOOK_KINDS.find((k) => k === kind);
  if (found === undefined)
    throw new EvidentError('bad_request', `webhook kind must be one of ${WEBHOOK_KINDS.join(', ')}`);
  return found;
}

/** At least one known event; answered without duplicates, in order. */
export function checkWebhookEvents(events: readonly string[]): WebhookEvent[] {
  if (events.length === 0) throw new EvidentError('bad_request', 'a webhook needs at least one event');
  const checked = events.map((event) => {
    const found = WEBHOOK_EVENTS.find((e) => e === event);
    if (found === undefined)
      throw new EvidentError(
        'bad_request',
        `unknown webhook event "${event.slice(0, 50)}"; events are ${WEBHOOK_EVENTS.join(', ')}`,
      );
    return found;
  });
  return [...new Set(checked)].sort();
}

/**
 * Signing secrets: 32 to 256 visible ASCII characters — RFC 2104 §3 discourages HMAC keys shorter
 * than the hash output (32 bytes for SHA-256), and ASCII means the same bytes in every language.
 */
export function checkWebhookSecret(secret: string): string {
  if (!/^[\x21-\x7e]{32,256}$/.test(secret))
    throw new EvidentError(
      'bad_request',
      'a webhook secret must be 32 to 256 visible ASCII characters (leave it out to have one generated)',
    );
  return secret;
}
