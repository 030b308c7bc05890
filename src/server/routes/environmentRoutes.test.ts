// Environments over HTTP on a real SQLite database with an injected clock: the question "what was
// running in prod at 02:30 last Thursday, and was it compliant?" in one API call, the roles of every
// environment endpoint, and org isolation (issue #5).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../core/model/token.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { TEST_ORIGIN, orgWithEveryRole, testServices } from '../../../test/support/services.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { buildApp } from '../buildApp.ts';

const system = { type: 'system' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const API = sha('payments-api 1.4.1');
const ROGUE = sha('crypto-miner');
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
let clock = Date.parse('2026-11-16T00:00:00.000Z');
const acme: Partial<Record<Role, string>> = {};
let stranger = '';
const token = (role: Role) => acme[role] ?? '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-env-routes-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  services = testServices(database, { now: () => clock });
  Object.assign(acme, await orgWithEveryRole(services, 'acme'));
  stranger = (await orgWithEveryRole(services, 'other')).admin;
  await services.flows.save('acme', { name: 'payments-api', description: '' }, system);
  await services.delivery.saveTrail('acme', { flow: 'payments-api', name: 'run-1' }, system);
  await services.delivery.reportArtifact(
    'acme',
    { flow: 'payments-api', trail: 'run-1', fingerprint: API, name: 'api' },
    system,
  );
  app = buildApp({ services, version: 'test', now: () => clock });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const put = (url: string, role: Role, body: unknown) =>
  injectJson(app, 'PUT', `/api/v1/orgs/acme${url}`, token(role), body);
const get = (url: string, role: Role = 'reader') =>
  injectJson(app, 'GET', `/api/v1/orgs/acme${url}`, token(role));

test('policies and environments are admin business; reporters report; everyone in the org reads', async () => {
  const policy = { source: 'version: 1\nartifacts: { provenance: { required: true } }\n' };
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    assert.equal((await put('/policies/prod-rules', role, policy)).statusCode, 403, role);
    assert.equal((await put('/environments/prod', role, { type: 'k8s' })).statusCode, 403, role);
  }
  assert.equal((await put('/policies/prod-rules', 'admin', policy)).statusCode, 201);
  assert.equal((await put('/policies/prod-rules', 'admin', policy)).statusCode, 200); // same text: no version
  const created = await put('/environments/prod', 'admin', { type: 'k8s', policies: ['prod-rules'] });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(
    (await put('/environments/prod', 'admin', { type: 'k8s', description: 'EU', policies: ['prod-rules'] }))
      .statusCode,
    200,
  );
  const body = {
    artifacts: [
      { name: 'registry.example.com/payments/api:1.4.1', fingerprint: `sha256:${API}`, instances: 3 },
    ],
  };
  for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'reporter'))
    assert.equal((await put('/environments/prod/snapshot', role, body)).statusCode, 403, role);
  const reported = await put('/environments/prod/snapshot', 'reporter', body);
  assert.equal(reported.statusCode, 201, reported.body);
  assert.equal((await put('/environments/prod/snapshot', 'reporter', body)).statusCode, 200);
  for (const role of ROLES)
    assert.equal((await get('/environments/prod/snapshot', role)).statusCode, 200, role);
  // Another org's token sees nothing, not even that the environment exists.
  const foreign = await injectJson(app, 'GET', '/api/v1/orgs/acme/environments/prod', stranger);
  assert.equal(foreign.statusCode, 404);
});

test('"what was running in prod at 02:30 last Thursday, and was it compliant?" in one API call', async () => {
  const report = async (
    when: string,
    artifacts: { name: string; fingerprint: string; instances?: number }[],
  ) => {
    clock = Date.parse(when);
    const response = await put('/environments/prod/snapshot', 'reporter', { artifacts });
    assert.ok(response.statusCode < 300, response.body);
  };
  await report('2026-11-18T20:00:00Z', [
    { name: 'registry.example.com/payments/api:1.4.1', fingerprint: API, instances: 3 },
    { name: 'docker.io/miner:latest', fingerprint: ROGUE },
  ]);
  await report('2026-11-19T04:00:00Z', [
    { name: 'registry.example.com/payments/api:1.4.1', fingerprint: API, instances: 3 },
  ]);
  clock = Date.parse('2026-11-22T12:00:00Z'); // Sunday: last Thursday is the 19th
  const answer = await get(`/environments/prod/snapshot?at=${encodeURIComponent('2026-11-19T02:30:00Z')}`);
  assert.equal(answer.statusCode, 200, answer.body);
  const snapshot = answer.json<{
    number: number;
    compliant: boolean;
    artifacts: { name: string; compliant: boolean; reasons: string[] }[];
  }>();
  assert.equal(snapshot.number, 2);
  assert.equal(snapshot.compliant, false);
  assert.deepEqual(
    snapshot.artifacts.map((a) => [a.name, a.compliant, a.reasons]),
    [
      [
        'docker.io/miner:latest',
        false,
        ['policy prod-rules: no provenance: no pipeline reported this fingerprint'],
      ],
      ['registry.example.com/payments/api:1.4.1', true, []],
    ],
  );
  // The same by relative time, by number, and the change log in a window.
  assert.equal((await get('/environments/prod/snapshot?at=3.days.ago')).json<{ number: number }>().number, 3);
  assert.equal((await get('/environments/prod/snapshot?number=1')).json<{ number: number }>().number, 1);
  const changes = await get(
    `/environments/prod/changes?since=2026-11-18&until=${encodeURIComponent('2026-11-19T03:00:00Z')}`,
  );
  assert.deepEqual(
    changes
      .json<{ changes: { kind: string; name: string; unauthorised: boolean }[] }>()
      .changes.map((c) => [c.kind, c.name, c.unauthorised]),
    [['started', 'docker.io/miner:latest', true]],
  );
  const diff = await get(`/snapshots/diff?from=${encodeURIComponent('prod#2')}&to=prod`);
  assert.deepEqual(diff.json<{ changes: unknown[] }>().changes, [
    { kind: 'stopped', name: 'docker.io/miner:latest', fingerprint: ROGUE, before: 1, after: 0 },
  ]);
  assert.deepEqual((await get(`/environments/prod/check?fingerprint=${ROGUE}`)).json(), {
    compliant: false,
    reasons: ['policy prod-rules: no provenance: no pipeline reported this fingerprint'],
  });
});

test('bad queries are refused with clear problems', async () => {
  const cases: [string, RegExp][] = [
    ['/environments/prod/snapshot?at=yesterday', /is not an instant/],
    ['/environments/prod/snapshot?number=1&back=1', /give one of at, number and back/],
    ['/environments/prod/snapshot?number=0', /numbered from 1/],
    ['/environments/prod/snapshot?at=2026-01-01T00:00:00Z', /had no snapshot at 2026-01-01/],
    ['/environments/nowhere/snapshot', /environment nowhere not found/],
    ['/snapshots/diff?from=prod&to=prod%40%7Bsoon%7D', /is not an instant/],
    ['/environments/prod/check?fingerprint=abc', /fingerprint/],
  ];
  for (const [url, message] of cases) {
    const response = await get(url);
    assert.ok(response.statusCode === 400 || response.statusCode === 404, `${url}: ${response.statusCode}`);
    assert.match(response.json<{ detail: string }>().detail, message, url);
  }
});

test('a report that waited in a spool through an outage runs from when it was seen', async () => {
  await put('/environments/staging', 'admin', { type: 'server' });
  const artifacts = [{ name: 'registry.example.com/payments/api:1.4.1', fingerprint: API }];
  clock = Date.parse('2026-11-23T10:00:00Z');
  assert.equal((await put('/environments/staging/snapshot', 'reporter', { artifacts: [] })).statusCode, 201);
  clock = Date.parse('2026-11-23T12:00:00Z'); // the server is back; the report was seen at 10:30
  const late = await put('/environments/staging/snapshot', 'reporter', {
    artifacts,
    observedAt: '2026-11-23T10:30:00Z',
  });
  assert.equal(late.statusCode, 201, late.body);
  const at = (instant: string) => get(`/environments/staging/snapshot?at=${encodeURIComponent(instant)}`);
  assert.equal((await at('2026-11-23T10:45:00Z')).json<{ number: number }>().number, 2);
  assert.equal((await at('2026-11-23T10:15:00Z')).json<{ number: number }>().number, 1);
  // Never before what is already on record, never from the future.
  const early = await put('/environments/staging/snapshot', 'reporter', {
    artifacts: [],
    observedAt: '2026-11-01T00:00:00Z',
  });
  assert.equal(early.statusCode, 201);
  assert.equal(
    (await get('/environments/staging/snapshot')).json<{ at: string }>().at,
    '2026-11-23T10:30:00.000Z',
  );
  const future = await put('/environments/staging/snapshot', 'reporter', {
    artifacts,
    observedAt: '2026-11-23T13:00:00Z',
  });
  assert.equal(future.statusCode, 400);
  assert.match(future.json<{ detail: string }>().detail, /in the future/);
});

test('the list tells the home page what runs in each environment now and since when', async () => {
  const answer = await get('/environments');
  assert.equal(answer.statusCode, 200, answer.body);
  const list = answer.json<{
    environments: { name: string; running: number; lastSnapshotAt: string | null; compliant: boolean }[];
  }>().environments;
  assert.deepEqual(
    list.map((e) => [e.name, e.running, e.lastSnapshotAt, e.compliant]),
    [
      ['prod', 1, '2026-11-19T04:00:00.000Z', true],
      ['staging', 0, '2026-11-23T10:30:00.000Z', true],
    ],
  );
});
