// Approvals over HTTP on a real SQLite database: who may ask, decide and break the glass; every
// refusal a problem with its rule and nothing recorded; retries replayed, not re-judged; the gate;
// and org isolation (issue #6).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Approval } from '../../core/model/approval.ts';
import { ROLES, type Role } from '../../core/model/token.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { serviceAccountToken, signedInUser, systemToken } from '../../../test/support/people.ts';
import { TEST_ORIGIN, testServices } from '../../../test/support/services.ts';
import { buildApp } from '../buildApp.ts';

const system = { type: 'system' } as const;
const API = createHash('sha256').update('payments-api 2.0').digest('hex');
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
const clock = Date.parse('2026-11-19T08:00:00.000Z');
/** A token of each role owned by nobody, and people. */
const unowned: Partial<Record<Role, string>> = {};
const people: Record<string, string> = {};
let stranger = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-approval-routes-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  services = testServices(database, { now: () => clock });
  for (const org of ['acme', 'other']) await services.access.createOrg(org, system);
  for (const role of ROLES) unowned[role] = (await systemToken(services, 'acme', role)).secret;
  for (const [name, role] of [
    ['bob', 'approver'],
    ['carol', 'approver'],
    ['erin', 'admin'],
    ['rita', 'reader'],
  ] as const)
    people[name] = (await signedInUser(services, 'acme', name, role)).secret;
  people.ci = (await serviceAccountToken(services, 'acme', 'ci', 'writer')).secret;
  people.ciApprover = (await serviceAccountToken(services, 'acme', 'ci', 'approver')).secret;
  stranger = (await systemToken(services, 'other', 'admin')).secret;
  await services.flows.save('acme', { name: 'payments-api', description: '' }, system);
  await services.delivery.saveTrail(
    'acme',
    {
      flow: 'payments-api',
      name: 'run-1',
      commit: { sha: 'a'.repeat(40), author: 'Dana <dana@example.com>' },
    },
    system,
  );
  await services.delivery.reportArtifact(
    'acme',
    { flow: 'payments-api', trail: 'run-1', fingerprint: API, name: 'api' },
    system,
  );
  await services.environments.createPolicy(
    'acme',
    'prod-rules',
    'version: 1\nartifacts:\n  approval: { approvers: 1, excludeCommitAuthors: true }\n',
    system,
  );
  await services.environments.save('acme', { name: 'prod', type: 'k8s', policies: ['prod-rules'] }, system);
  app = buildApp({ services, version: 'test', now: () => clock });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: 'GET' | 'POST', url: string, token: string, body?: unknown, headers = {}) =>
  injectJson(app, method, `/api/v1/orgs/acme${url}`, token, body, headers);
const size = async () => (await services.ledgerStore.head('acme'))?.size;
const ask = { environment: 'prod', fingerprint: `sha256:${API}`, comment: 'release 2.0' };

let request: Approval;
test('pipelines and admins ask; asking again answers with the open request', async () => {
  for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'writer'))
    assert.equal((await call('POST', '/approvals', unowned[role] ?? '', ask)).statusCode, 403, role);
  const asked = await call('POST', '/approvals', people.ci ?? '', ask);
  assert.equal(asked.statusCode, 201, asked.body);
  request = asked.json<{ approval: Approval }>().approval;
  assert.deepEqual(request.requestedBy, { kind: 'service_account', name: 'ci' });
  const again = await call('POST', '/approvals', unowned.admin ?? '', ask);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json<{ approval: Approval; receipt: null }>().approval.id, request.id);
  assert.equal(
    (await call('POST', '/approvals', people.ci ?? '', { ...ask, fingerprint: 'abc' })).statusCode,
    400,
  );
});

test('each refusal is a problem naming its rule, and records nothing', async () => {
  const before = await size();
  const approve = { decision: 'approve' };
  for (const [who, token, status, rule] of [
    ['a service account', people.ciApprover, 403, 'service_account'],
    ['an unowned approver token', unowned.approver, 403, 'not_a_person'],
    ['an admin user', people.erin, 403, 'role'],
  ] as const) {
    const refused = await call('POST', `/approvals/${request.id}/decisions`, token ?? '', approve);
    assert.equal(refused.statusCode, status, who);
    const problem = refused.json<{ code: string; details: { rule: string } }>();
    assert.equal(problem.details.rule, rule, who);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  // Roles that can never decide are stopped at the door.
  for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'approver'))
    assert.equal(
      (await call('POST', `/approvals/${request.id}/decisions`, unowned[role] ?? '', approve)).statusCode,
      403,
    );
  assert.equal(
    (await call('POST', `/approvals/${request.id}/decisions`, people.bob ?? '', { decision: 'maybe' }))
      .statusCode,
    400,
  );
  assert.equal(
    (await call('POST', `/approvals/${request.id}/decisions`, people.bob ?? '', { decision: 'reject' }))
      .statusCode,
    400,
  );
  assert.equal(
    (await call('POST', '/approvals/424242/decisions', people.bob ?? '', approve)).statusCode,
    404,
  );
  assert.equal(await size(), before);
});

test('a decision, its retry replayed, the gate, and the lists', async () => {
  const gate = () => call('GET', `/environments/prod/approval?fingerprint=${API}`, people.rita ?? '');
  assert.deepEqual((await gate()).json(), {
    approved: false,
    reasons: ['needs 1 approval to run in prod, has 0'],
    notes: [],
    approvers: [],
  });
  const key = { 'idempotency-key': 'approve-2.0-bob' };
  const body = { decision: 'approve', comment: 'ship it' };
  const decided = await call('POST', `/approvals/${request.id}/decisions`, people.bob ?? '', body, key);
  assert.equal(decided.statusCode, 201, decided.body);
  const retried = await call('POST', `/approvals/${request.id}/decisions`, people.bob ?? '', body, key);
  assert.equal(retried.statusCode, 201, retried.body);
  const receipt = (r: typeof decided) => r.json<{ receipt: { index: number; replayed: boolean } }>().receipt;
  assert.deepEqual([receipt(retried).index, receipt(retried).replayed], [receipt(decided).index, true]);
  // Without the key, a second decision by the same person is refused.
  const twice = await call('POST', `/approvals/${request.id}/decisions`, people.bob ?? '', body);
  assert.equal(twice.statusCode, 409);
  assert.deepEqual((await gate()).json(), { approved: true, reasons: [], notes: [], approvers: ['bob'] });
  const check = await call('GET', `/environments/prod/check?fingerprint=${API}`, people.rita ?? '');
  assert.deepEqual(check.json(), { compliant: true, reasons: [] });

  for (const role of ROLES) {
    const listed = await call('GET', '/approvals?status=approved&environment=prod', unowned[role] ?? '');
    assert.deepEqual(
      listed.json<{ approvals: Approval[] }>().approvals.map((a) => a.id),
      [request.id],
      role,
    );
  }
  const one = (await call('GET', `/approvals/${request.id}`, people.rita ?? '')).json<Approval>();
  assert.deepEqual(
    one.decisions.map((d) => [d.by, d.decision, d.comment]),
    [['bob', 'approve', 'ship it']],
  );
  assert.equal((await call('GET', '/approvals?status=maybe', people.rita ?? '')).statusCode, 400);
  const paged = (await call('GET', '/approvals?limit=1', people.rita ?? '')).json<{ next: string | null }>();
  assert.equal(paged.next, String(request.id));
});

test('break-glass: people with the admin or approver role, reviewed by someone else', async () => {
  const glass = { environment: 'prod', fingerprint: API, reason: 'INC-9' };
  assert.equal((await call('POST', '/break-glass', people.ci ?? '', glass)).statusCode, 403);
  assert.equal((await call('POST', '/break-glass', people.rita ?? '', glass)).statusCode, 403);
  assert.equal((await call('POST', '/break-glass', unowned.admin ?? '', glass)).statusCode, 403);
  assert.equal(
    (await call('POST', '/break-glass', people.erin ?? '', { ...glass, reason: '' })).statusCode,
    400,
  );
  const broken = await call('POST', '/break-glass', people.erin ?? '', glass);
  assert.equal(broken.statusCode, 201, broken.body);
  const exception = broken.json<{ approval: Approval }>().approval;
  const unreviewed = await call('GET', '/approvals?status=exception-unreviewed', people.rita ?? '');
  assert.deepEqual(
    unreviewed.json<{ approvals: Approval[] }>().approvals.map((a) => [a.id, a.comment]),
    [[exception.id, 'INC-9']],
  );
  const self = await call('POST', `/approvals/${exception.id}/decisions`, people.erin ?? '', {
    decision: 'approve',
  });
  assert.equal(self.statusCode, 403);
  const reviewed = await call('POST', `/approvals/${exception.id}/decisions`, people.carol ?? '', {
    decision: 'reject',
    comment: 'no incident on record',
  });
  assert.equal(reviewed.statusCode, 201, reviewed.body);
  assert.equal(reviewed.json<{ approval: Approval }>().approval.status, 'rejected');
});

test("another org's token sees nothing, not even that an approval exists", async () => {
  for (const [method, url, body] of [
    ['GET', `/approvals/${request.id}`, undefined],
    ['GET', '/approvals', undefined],
    ['GET', `/environments/prod/approval?fingerprint=${API}`, undefined],
    ['POST', `/approvals/${request.id}/decisions`, { decision: 'approve' }],
    ['POST', '/approvals', ask],
    ['POST', '/break-glass', { environment: 'prod', fingerprint: API, reason: 'x' }],
  ] as const)
    assert.equal((await call(method, url, stranger, body)).statusCode, 404, `${method} ${url}`);
});
