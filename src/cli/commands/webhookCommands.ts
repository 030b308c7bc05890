import type { Webhook, WebhookDelivery } from '../../core/model/webhook.ts';
import { checkName } from '../../core/model/names.ts';
import { shortFingerprint, shownInstant } from '../environmentText.ts';
import { emit } from '../output.ts';
import { clientOf } from './readCommands.ts';
import { print, recorder, text, texts } from './recordCommands.ts';

type Options = Record<string, unknown>;

/**
 * `evident create webhook NAME --url URL`: PUT; what is left out (url, secret) the server keeps on
 * an update. A secret the server generated is answered this once, so it is printed clearly.
 */
export async function createWebhook(name: string, options: Options): Promise<void> {
  checkName('webhook', name);
  const { settings, recorder: r } = recorder(options);
  const url = text(options, 'url');
  const kind = text(options, 'kind');
  const secret = text(options, 'secret');
  const events = texts(options, 'event');
  const environments = texts(options, 'environment');
  const result = (await r.write({
    method: 'PUT',
    path: `/webhooks/${encodeURIComponent(name)}`,
    body: {
      ...(url !== undefined && { url }),
      ...(kind !== undefined && { kind }),
      ...(secret !== undefined && { secret }),
      ...(events !== undefined && { events }),
      ...(environments !== undefined && { environments }),
    },
  })) as { webhook: Webhook; secret?: string } | undefined;
  r.finish();
  if (result === undefined) return;
  const saved = `webhook ${name} saved (${result.webhook.kind}, ${result.webhook.origin})`;
  print(
    settings,
    result.secret === undefined
      ? saved
      : `${saved}\nsigning secret (shown only this once, store it now): ${result.secret}`,
    result,
  );
}

/** `evident delete webhook NAME`: nothing more is sent to it; pending deliveries are cancelled. */
export async function deleteWebhook(name: string, options: Options): Promise<void> {
  checkName('webhook', name);
  const { settings, recorder: r } = recorder(options);
  const result = await r.write({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(name)}` });
  r.finish();
  if (result !== undefined) print(settings, `webhook ${name} deleted`, result);
}

/** `evident list webhooks`: never their URLs or secrets, only the URL's origin. */
export async function listWebhooks(options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const { webhooks } = (await client.request('GET', `${base}/webhooks`)).body as { webhooks: Webhook[] };
  emit(settings.output, {
    json: webhooks,
    table: {
      headers: ['name', 'kind', 'origin', 'events', 'environments'],
      rows: webhooks.map((w) => [
        w.name,
        w.kind,
        w.origin,
        w.events.join(', '),
        w.environments.length === 0 ? 'all' : w.environments.join(', '),
      ]),
    },
    empty: 'no webhooks yet: evident create webhook NAME --url URL',
  });
}

/** What a delivery is about, in a table cell. */
function changeOf(delivery: WebhookDelivery): string {
  const { payload } = delivery;
  if (payload.type === 'break_glass')
    return `break-glass in ${payload.environment}: ${shortFingerprint(payload.exception.fingerprint)} by ${payload.exception.by}`;
  const { change } = payload;
  return `${payload.environment}#${change.snapshot}: ${change.name} (${shortFingerprint(change.fingerprint)}) ${change.kind}`;
}

/** `evident get deliveries NAME`: the delivery log, newest first, one page (`--limit`). */
export async function getDeliveries(name: string, options: Options): Promise<void> {
  checkName('webhook', name);
  const { settings, client, base } = clientOf(options);
  const limit = text(options, 'limit');
  const body = (
    await client.request(
      'GET',
      `${base}/webhooks/${encodeURIComponent(name)}/deliveries${limit === undefined ? '' : `?limit=${encodeURIComponent(limit)}`}`,
    )
  ).body as { deliveries: WebhookDelivery[]; next: string | null };
  const last = (d: WebhookDelivery) => d.attempts[d.attempts.length - 1];
  emit(settings.output, {
    json: body,
    title: `deliveries of webhook ${name}, newest first`,
    notes:
      body.next === null
        ? []
        : [`the newest ${body.deliveries.length} only; older ones with --limit up to 100`],
    table: {
      headers: ['delivery', 'change', 'status', 'attempts', 'last result', 'next attempt'],
      rows: body.deliveries.map((d) => {
        const attempt = last(d);
        return [
          d.id,
          changeOf(d),
          d.status,
          String(d.attempts.length),
          attempt === undefined
            ? 'not tried yet'
            : attempt.statusCode !== null
              ? `HTTP ${attempt.statusCode}`
              : (attempt.error ?? ''),
          d.nextAttemptAt === null ? '' : shownInstant(d.nextAttemptAt),
        ];
      }),
    },
    empty: `nothing sent to webhook ${name} yet`,
  });
}
