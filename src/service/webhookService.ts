import { EvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { checkName } from '../core/model/names.ts';
import {
  checkWebhookEvents,
  checkWebhookKind,
  checkWebhookSecret,
  WEBHOOK_DELETED,
  WEBHOOK_SAVED,
  type Webhook,
  type WebhookDelivery,
  type WebhookKind,
} from '../core/model/webhook.ts';
import { checkWebhookUrl } from '../core/model/webhookUrl.ts';
import type { EnvironmentStore } from '../storage/environmentStore.ts';
import type { DeliveryCursor, WebhookDeliveryLog } from '../storage/webhookDeliveryLog.ts';
import type { StoredWebhook, WebhookStore } from '../storage/webhookStore.ts';
import type { Receipt } from './receipt.ts';
import { eventRequest, type AppendRequest, type Sequencer } from './sequencer.ts';

export interface WebhookDeps {
  readonly sequencer: Sequencer;
  readonly store: WebhookStore;
  readonly log: WebhookDeliveryLog;
  readonly environments: Pick<EnvironmentStore, 'environment'>;
  readonly randomBytes: (n: number) => Uint8Array;
}

/** What a webhook is set to; on update, what is left out stays as it was. */
export interface WebhookInput {
  readonly kind?: string;
  readonly url?: string;
  readonly secret?: string;
  readonly events?: readonly string[];
  readonly environments?: readonly string[];
}

const MAX_WEBHOOKS = 100;
const MAX_ENVIRONMENTS = 100;

/**
 * Webhook configuration as ledger events (issue #5 §5). The URL's origin is recorded; the full URL
 * and the signing secret are credentials and are kept outside the ledger, like token hashes
 * (DESIGN §7): the event names the row that holds them, which takes effect only once it does.
 */
export class WebhookService {
  constructor(private readonly deps: WebhookDeps) {}

  /**
   * Creates or updates a webhook. A generic webhook without a secret gets a generated one (32
   * random bytes, base64url), answered here once and never again.
   */
  async save(
    org: string,
    name: string,
    input: WebhookInput,
    actor: Actor,
    idempotency?: AppendRequest['idempotency'],
  ): Promise<{ webhook: Webhook; created: boolean; secret?: string; receipt: Receipt }> {
    const { store } = this.deps;
    checkName('webhook', name);
    const existing = await store.webhook(org, name);
    if (existing === undefined) {
      if (input.url === undefined) throw new EvidentError('bad_request', 'a new webhook needs a url');
      if ((await store.webhooks(org)).length >= MAX_WEBHOOKS)
        throw new EvidentError('bad_request', `an organisation has at most ${MAX_WEBHOOKS} webhooks`);
    }
    const kind = checkWebhookKind(input.kind ?? existing?.kind ?? 'generic');
    const events = checkWebhookEvents(input.events ?? existing?.events ?? ['unauthorised_change']);
    const environments = await this.checkEnvironments(
      org,
      input.environments ?? existing?.environments ?? [],
    );
    const current = existing && (await store.secret(existing.secretId));
    const target = input.url !== undefined ? checkWebhookUrl(input.url) : undefined;
    const url = target?.url ?? current?.url;
    if (url === undefined) throw new Error(`webhook ${name} has no credentials row`);
    const { secret, generated } = this.secretFor(kind, input.secret, current?.secret ?? null);
    const unchanged = existing !== undefined && url === current?.url && secret === current.secret;
    const secretId = unchanged ? existing.secretId : `whs_${this.hex(8)}`;
    if (!unchanged) await store.addSecret(secretId, org, url, secret);
    const data = {
      name,
      kind,
      events,
      environments,
      origin: target?.origin ?? existing?.origin ?? '',
      secretId,
    };
    let receipt: Receipt;
    try {
      receipt = await this.deps.sequencer.append(org, eventRequest(WEBHOOK_SAVED, actor, data, idempotency));
    } catch (error) {
      // Refused (e.g. an Idempotency-Key reused with another body): nothing changed, nor do credentials.
      if (!unchanged) await store.dropSecret(secretId);
      throw error;
    }
    // A replay appended nothing, so the new credentials are unused; otherwise the old ones are.
    const unused = unchanged ? undefined : receipt.replayed ? secretId : existing?.secretId;
    if (unused !== undefined) await store.dropSecret(unused);
    return {
      webhook: await this.webhook(org, name),
      created: existing === undefined,
      ...(generated && !receipt.replayed && { secret: secret ?? '' }),
      receipt,
    };
  }

  async list(org: string): Promise<Webhook[]> {
    return (await this.deps.store.webhooks(org)).map(publicView);
  }

  async webhook(org: string, name: string): Promise<Webhook> {
    return publicView(await this.stored(org, name));
  }

  /**
   * Deletes a webhook (`webhook.deleted`): its credentials are forgotten, and the notifier cancels
   * what it had queued for it.
   */
  async remove(org: string, name: string, actor: Actor): Promise<Receipt> {
    const existing = await this.stored(org, name);
    const receipt = await this.deps.sequencer.append(org, eventRequest(WEBHOOK_DELETED, actor, { name }));
    await this.deps.store.dropSecret(existing.secretId);
    return receipt;
  }

  /** A webhook's delivery log, newest first. */
  async deliveries(
    org: string,
    name: string,
    before: DeliveryCursor | undefined,
    limit: number,
  ): Promise<{ deliveries: WebhookDelivery[]; next: DeliveryCursor | null }> {
    const webhook = await this.stored(org, name);
    return this.deps.log.deliveries(org, webhook.id, before, limit);
  }

  private async stored(org: string, name: string): Promise<StoredWebhook> {
    const found = await this.deps.store.webhook(org, name);
    if (found === undefined) throw new EvidentError('not_found', `webhook ${name} not found`);
    return found;
  }

  /** Generic webhooks sign with a secret (given, kept, or generated); Slack ones have none. */
  private secretFor(
    kind: WebhookKind,
    given: string | undefined,
    current: string | null,
  ): { secret: string | null; generated: boolean } {
    if (kind === 'slack') {
      if (given !== undefined)
        throw new EvidentError(
          'bad_request',
          'a Slack webhook has no signing secret: its URL is the credential',
        );
      return { secret: null, generated: false };
    }
    if (given !== undefined) return { secret: checkWebhookSecret(given), generated: false };
    if (current !== null) return { secret: current, generated: false };
    return { secret: Buffer.from(this.deps.randomBytes(32)).toString('base64url'), generated: true };
  }

  private async checkEnvironments(org: string, names: readonly string[]): Promise<string[]> {
    if (names.length > MAX_ENVIRONMENTS)
      throw new EvidentError('bad_request', `a webhook names at most ${MAX_ENVIRONMENTS} environments`);
    const unique = [...new Set(names)].sort();
    for (const name of unique) {
      checkName('environment', name);
      if ((await this.deps.environments.environment(org, name)) === undefined)
        throw new EvidentError('bad_request', `environment ${name} not found`);
    }
    return unique;
  }

  private hex(bytes: number): string {
    return Buffer.from(this.deps.randomBytes(bytes)).toString('hex');
  }
}

/** A webhook as anyone is shown it: where its credentials are kept is not their business. */
function publicView(webhook: StoredWebhook): Webhook {
  const { id, name, kind, events, environments, origin, createdAt, updatedAt } = webhook;
  return { id, name, kind, events, environments, origin, createdAt, updatedAt };
}
