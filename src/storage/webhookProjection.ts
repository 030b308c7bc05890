import type { Transaction } from 'kysely';
import { canonicalize } from '../core/ledger/canonicalJson.ts';
import type { Database } from './schema.ts';

type Trx = Transaction<Database>;
type Placed<T> = T & { readonly at: string; readonly index: number };

/** The data of a `webhook.saved` event: the configuration, and where its credentials are kept. */
export interface WebhookSave {
  readonly name: string;
  readonly kind: string;
  readonly events: readonly string[];
  readonly environments: readonly string[];
  readonly origin: string;
  readonly secretId: string;
}

/** Projects `webhook.saved`: creates the webhook (its id is this entry's index) or updates it. */
export async function saveWebhook(trx: Trx, org: string, w: Placed<WebhookSave>): Promise<void> {
  await trx
    .insertInto('webhooks')
    .values({
      org,
      name: w.name,
      kind: w.kind,
      events: canonicalize(w.events),
      environments: canonicalize(w.environments),
      origin: w.origin,
      secret_id: w.secretId,
      created_at: w.at,
      updated_at: w.at,
      created_index: w.index,
      updated_index: w.index,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'name']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        events: eb.ref('excluded.events'),
        environments: eb.ref('excluded.environments'),
        origin: eb.ref('excluded.origin'),
        secret_id: eb.ref('excluded.secret_id'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_index: eb.ref('excluded.updated_index'),
      })),
    )
    .execute();
}

/** Projects `webhook.deleted`. */
export async function deleteWebhook(trx: Trx, org: string, name: string): Promise<void> {
  await trx.deleteFrom('webhooks').where('org', '=', org).where('name', '=', name).execute();
}
