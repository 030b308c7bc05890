// Webhooks over HTTP on a real SQLite database: who may configure them and read their delivery log,
// org isolation, refusals that change nothing, secrets answered once and never shown again — not in
// GET answers, not in the delivery log, not in the request log (issue #5 §5, DESIGN §5, §7).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../core/model/token.ts';
import type { Webhook, WebhookDelivery } from '../../core/model/webhook.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { freePort } from '../../../test/support/postgres.ts';
import { TEST_ORIGIN, orgWithEveryRole, testServices } from '../../../test/support/services.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/support/webhookReceiver.ts';
import { buildApp } from '../buildApp.ts';

const system = { type: 'system' } as const;
const ROGUE = createHash('sha256').update('crypto-miner').digest('hex');
const SLACK_PATH = '/services/T0001/B0001/xoxSlackPathSecret';
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
let receiver: WebhookReceiver;
let clock = Date.parse('2026-11-16T00:00:00.000Z');
const logLines: string[] = [];
const acme: Partial<Record<Role, string>> = {};
let stranger = '';
const token = (role: Role) => acme[role] ?? '';
/** Every secret this test hands out, to look for where it must not be. */
const secrets: string[] = [SLACK_PATH, 'xoxSlackPathSecret', '/hooks/audit-trail'];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-webhook-routes-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  services = testServices(database, { now: () => clock, randomBytes: (n) => randomBytes(n) });
  Object.assign(acme, await orgWithEveryRole(services, 'acme'));
  stranger = (await orgWithEveryRole(services, 'other')).admin;
  await services.environments.save('acme', { name: 'prod', type: 'k8s' }, system);
  receiver = await startWebhookReceiver('/hooks/audit-trail');
  app = buildApp({
    services,
    version: 'test',
    now: () => clock,
    logger: { level: 'debug', stream: { write: (line: string) => logLines.push(line) } },
  });
});

after(async () => {
  await app.close();
  await receiver.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, role: Role, body?: unknown) =>
  injectJson(app, method, `/api/v1/orgs/acme${url}`, token(role), body);
const code = (response: { json: () => unknown }) => (response.json() as { code: string }).code;
const ledgerSize = async () => (await services.ledgerStore.head('acme'))?.size;
const credentialRows = async () =>
  (await database.db.selectFrom('webhook_secrets').select('id').execute()).length;

test('admins configure webhooks; a generated secret is answered once; the URL is shown as its origin only', async () => {
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const refused = await call('PUT', '/webhooks/siem', role, { url: receiver.url });
    assert.equal(refused.statusCode, 403, role);
    assert.equal(code(refused), 'forbidden');
  }
  const created = await call('PUT', '/webhooks/siem', 'admin', { url: receiver.url });
  assert.equal(created.statusCode, 201, created.body);
  const answer = created.json<{ webhook: Webhook; secret: string; receipt: { index: number } }>();
  assert.match(answer.secret, /^[A-Za-z0-9_-]{43}$/);
  secrets.push(answer.secret);
  assert.deepEqual(
    { ...answer.webhook, createdAt: undefined, updatedAt: undefined },
    {
      id: answer.receipt.index,
      name: 'siem',
      kind: 'generic',
      events: ['unauthorised_change'],
      environments: [],
      origin: new URL(receiver.url).origin,
      createdAt: undefined,
      updatedAt: undefined,
    },
  );
  // An update keeps what it leaves out, and answers no secret.
  const updated = await call('PUT', '/webhooks/siem', 'admin', { environments: ['prod'] });
  assert.equal(updated.statusCode, 200, updated.body);
  assert.equal('secret' in updated.json<object>(), false);
  assert.deepEqual(updated.json<{ webhook: Webhook }>().webhook.environments, ['prod']);
  assert.equal(updated.json<{ webhook: Webhook }>().webhook.id, answer.webhook.id);
  assert.equal(await credentialRows(), 1, 'the same credentials');

  const slack = await call('PUT', '/webhooks/chat', 'admin', {
    kind: 'slack',
    url: `https://hooks.slack.example${SLACK_PATH}`,
  });
  assert.equal(slack.statusCode, 201, slack.body);
  assert.equal('secret' in slack.json<object>(), false);

  for (const role of ['admin', 'auditor'] as const) {
    const list = await call('GET', '/webhooks', role);
    assert.equal(list.statusCode, 200, role);
    assert.deepEqual(
      list.json<{ webhooks: Webhook[] }>().webhooks.map((w) => [w.name, w.kind, w.origin]),
      [
        ['chat', 'slack', 'https://hooks.slack.example'],
        ['siem', 'generic', new URL(receiver.url).origin],
      ],
    );
    for (const secret of secrets) assert.equal(list.body.includes(secret), false);
  }
  for (const role of ['writer', 'reporter', 'approver', 'reader'] as const)
    assert.equal((await call('GET', '/webhooks', role)).statusCode, 403, role);
});

test('every bad definition is a clear problem and changes nothing', async () => {
  const size = await ledgerSize();
  const rows = await credentialRows();
  const long = `https://example.com/${'a'.repeat(2100)}`;
  const refusals: [string, unknown, string][] = [
    ['/webhooks/new-one', {}, 'bad_request'],
    ['/webhooks/new-one', { url: 'ftp://files.example.com/drop' }, 'bad_request'],
    ['/webhooks/new-one', { url: 'javascript:alert(1)' }, 'bad_request'],
    ['/webhooks/new-one', { url: 'file:///etc/passwd' }, 'bad_request'],
    ['/webhooks/new-one', { url: 'https://user:pa55@example.com/hook' }, 'bad_request'],
    ['/webhooks/new-one', { url: 'https://token@example.com/hook' }, 'bad_request'],
    ['/webhooks/new-one', { url: 'not a url' }, 'bad_request'],
    ['/webhooks/new-one', { url: long }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, secret: 'too-short' }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, secret: `${'x'.repeat(31)} y` }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, kind: 'slack', secret: 'z'.repeat(40) }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, kind: 'teams' }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, events: [] }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, events: ['deployment'] }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, environments: ['nowhere'] }, 'bad_request'],
    ['/webhooks/new-one', { url: receiver.url, token: 'x' }, 'bad_request'],
    ['/webhooks/new-one', { url: 42 }, 'bad_request'],
    ['/webhooks/bad%20name', { url: receiver.url }, 'bad_request'],
    ['/webhooks/siem', { url: 'gopher://example.com' }, 'bad_request'],
  ];
  for (const [path, body, expected] of refusals) {
    const response = await call('PUT', path, 'admin', body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body).slice(0, 80)}: ${response.body}`);
    assert.equal(code(response), expected);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.body.includes('pa55'), false, 'a refused URL is not echoed');
  }
  assert.equal(code(await call('DELETE', '/webhooks/nothing-here', 'admin')), 'not_found');
  assert.equal(code(await call('GET', '/webhooks/nothing-here/deliveries', 'auditor')), 'not_found');
  assert.equal(code(await call('GET', '/webhooks/siem/deliveries?limit=0', 'auditor')), 'bad_request');
  assert.equal(code(await call('GET', '/webhooks/siem/deliveries?before=12', 'auditor')), 'bad_request');
  assert.equal(await ledgerSize(), size);
  assert.equal(await credentialRows(), rows);
});

test('a retried PUT with its Idempotency-Key appends nothing and keeps no new credentials', async () => {
  const body = { url: `${receiver.url}?copy=1` };
  const put = (payload: unknown) =>
    injectJson(app, 'PUT', '/api/v1/orgs/acme/webhooks/copy', token('admin'), payload, {
      'idempotency-key': 'webhook-copy-1',
    });
  const first = await put(body);
  assert.equal(first.statusCode, 201, first.body);
  secrets.push(first.json<{ secret: string }>().secret);
  const size = await ledgerSize();
  const rows = await credentialRows();
  const again = await put(body);
  assert.equal(again.json<{ receipt: { replayed: boolean } }>().receipt.replayed, true);
  assert.equal('secret' in again.json<object>(), false, 'the secret was answered once');
  assert.equal(code(await put({ url: receiver.url })), 'idempotency_conflict');
  assert.equal(await ledgerSize(), size);
  assert.equal(await credentialRows(), rows);
  assert.equal((await call('DELETE', '/webhooks/copy', 'admin')).statusCode, 200);
  assert.equal(await credentialRows(), rows - 1, 'a deleted webhook leaves no credentials');
});

test('auditors read the delivery log, page by page, with no secret in it', async () => {
  // A Slack URL nobody listens on: its attempts fail, and their errors must not quote its path.
  const port = await freePort();
  const dead = await call('PUT', '/webhooks/chat', 'admin', { url: `http://127.0.0.1:${port}${SLACK_PATH}` });
  assert.equal(dead.statusCode, 200, dead.body);
  for (const [i, running] of [[], [ROGUE], [], [ROGUE], [], [ROGUE]].entries()) {
    clock += 60_000;
    const reported = await call('PUT', '/environments/prod/snapshot', 'reporter', {
      artifacts: running.map((fingerprint) => ({ name: `miner-${i}`, fingerprint })),
    });
    assert.ok(reported.statusCode < 300, reported.body);
  }
  await services.notifier.tick();
  assert.equal(receiver.received.length, 3, 'three starts of a rogue artifact, three alerts');

  for (const role of ['writer', 'reporter', 'approver', 'reader'] as const)
    assert.equal((await call('GET', '/webhooks/siem/deliveries', role)).statusCode, 403, role);
  const seen: WebhookDelivery[] = [];
  let next: string | null = '';
  while (next !== null) {
    const query: string = next === '' ? '?limit=2' : `?limit=2&before=${next}`;
    const page = await call('GET', `/webhooks/siem/deliveries${query}`, 'auditor');
    assert.equal(page.statusCode, 200, page.body);
    const answer = page.json<{ deliveries: WebhookDelivery[]; next: string | null }>();
    seen.push(...answer.deliveries);
    next = answer.next;
  }
  assert.deepEqual(
    seen.map((d) => [
      d.status,
      'change' in d.payload && d.payload.change.name,
      d.attempts.map((a) => a.statusCode),
    ]),
    [
      ['delivered', 'miner-5', [200]],
      ['delivered', 'miner-3', [200]],
      ['delivered', 'miner-1', [200]],
    ],
    'newest first',
  );
  const chat = await call('GET', '/webhooks/chat/deliveries', 'admin');
  const [failing] = chat.json<{ deliveries: WebhookDelivery[] }>().deliveries;
  assert.equal(failing?.status, 'pending');
  assert.match(failing.attempts[0]?.error ?? '', /ECONNREFUSED/);
  for (const secret of secrets) assert.equal(chat.body.includes(secret), false, secret);
  assert.equal(logLines.length > 0, true);
  for (const secret of secrets)
    assert.equal(
      logLines.some((line) => line.includes(secret)),
      false,
      `the request log holds ${secret}`,
    );
});

test("another org's token sees no webhook, not even that one exists", async () => {
  const requests = [
    ['PUT', '/api/v1/orgs/acme/webhooks/siem', { url: receiver.url }],
    ['GET', '/api/v1/orgs/acme/webhooks', undefined],
    ['DELETE', '/api/v1/orgs/acme/webhooks/siem', undefined],
    ['GET', '/api/v1/orgs/acme/webhooks/siem/deliveries', undefined],
  ] as const;
  for (const [method, url, body] of requests) {
    const response = await injectJson(app, method, url, stranger, body);
    assert.equal(response.statusCode, 404, `${method} ${url}`);
  }
  assert.equal((await call('GET', '/webhooks', 'admin')).json<{ webhooks: unknown[] }>().webhooks.length, 2);
  for (const role of ROLES.filter((r) => r !== 'admin'))
    assert.equal((await call('DELETE', '/webhooks/siem', role)).statusCode, 403, role);
  assert.equal((await call('DELETE', '/webhooks/siem', 'admin')).statusCode, 200);
  assert.equal(code(await call('DELETE', '/webhooks/siem', 'admin')), 'not_found');
});
