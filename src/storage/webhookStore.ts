import type { Kysely, Selectable } from 'kysely';
import type { Webhook, WebhookEvent, WebhookKind } from '../core/model/webhook.ts';
import type { Database, WebhookTable } from './schema.ts';

/** A webhook with the id of the row that holds its credentials (never shown). */
export type StoredWebhook = Webhook & { readonly org: string; readonly secretId: string };

/** Webhook configuration (a projection) and the credentials kept beside it (DESIGN §7). */
export class WebhookStore {
  /** `db` writes credentials; `reader` may be a read-only connection. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly reader: Kysely<Database> = db,
  ) {}

  /** An org's webhooks by name; with no org, every org's (what the notifier works through). */
  async webhooks(org?: string): Promise<StoredWebhook[]> {
    let query = this.reader.selectFrom('webhooks').selectAll();
    if (org !== undefined) query = query.where('org', '=', org);
    const rows = await query.orderBy('org').orderBy('name').execute();
    return rows.map(toWebhook);
  }

  async webhook(org: string, name: string): Promise<StoredWebhook | undefined> {
    const row = await this.reader
      .selectFrom('webhooks')
      .selectAll()
      .where('org', '=', org)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toWebhook(row);
  }

  async secret(id: string): Promise<{ url: string; secret: string | null } | undefined> {
    return this.reader
      .selectFrom('webhook_secrets')
      .select(['url', 'secret'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Keeps credentials; they take effect when a `webhook.saved` event names `id`. */
  async addSecret(id: string, org: string, url: string, secret: string | null): Promise<void> {
    await this.db.insertInto('webhook_secrets').values({ id, org, url, secret }).execute();
  }

  /** Forgets credentials no webhook uses any more. */
  async dropSecret(id: string): Promise<void> {
    await this.db.deleteFrom('webhook_secrets').where('id', '=', id).execute();
  }
}

function toWebhook(row: Selectable<WebhookTable>): StoredWebhook {
  return {
    id: row.created_index,
    org: row.org,
    name: row.name,
    kind: row.kind as WebhookKind,
    events: JSON.parse(row.events) as WebhookEvent[],
    environments: JSON.parse(row.environments) as string[],
    origin: row.origin,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secretId: row.secret_id,
  };
}
