// The HTTP API on a real SQLite database (fastify's inject, no socket): auth, roles, org isolation,
// problem details, limits, idempotency and the OpenAPI document (DESIGN §5, §7).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { isCanonical } from '../core/ledger/canonicalJson.ts';
import { leafHash, toHex } from '../core/ledger/merkleHash.ts';
import type { Role } from '../core/model/token.ts';
import { openDatabase, type OpenDatabase } from '../storage/openDatabase.ts';
import type { EvidentServices } from '../service/evidentServices.ts';
import { testServices } from '../../test/support/services.ts';
import { buildApp, servedRoutes } from './buildApp.ts';
import { injectJson } from '../../test/support/inject.ts';

const system = { type: 'system' } as const;
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
const tokens: Partial<Record<Role | 'other' | 'expired', string>> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-app-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  // Tokens are created on 2026-11-19; requests are checked a day later, when one has expired.
  let day = Date.parse('2026-11-19T00:00:00.000Z');
  services = testServices(database, { now: () => day });
  await services.access.createOrg('acme', system);
  await services.access.createOrg('other', system);
  for (const role of ['admin', 'writer', 'reader', 'auditor', 'reporter', 'approver'] as const) {
    tokens[role] = (
      await services.access.createToken('acme', { role, description: role, expiresAt: null }, system)
    ).secret;
  }
  tokens.other = (
    await services.access.createToken('other', { role: 'admin', description: '', expiresAt: null }, system)
  ).secret;
  tokens.expired = (
    await services.access.createToken(
      'acme',
      { role: 'admin', description: '', expiresAt: '2026-11-19T12:00:00.000Z' },
      system,
    )
  ).secret;
  day = Date.parse('2026-11-20T00:00:00.000Z');
  app = buildApp({ services, version: 'test', now: () => Date.now(), bodyLimit: 4096 });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(
  method: 'GET' | 'PUT',
  url: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return injectJson(app, method, url, token, body, headers);
}

function problem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json() as { code: string; status: number; detail: string };
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.ok(body.detail.length > 0);
}

describe('authentication and roles', () => {
  test('no, malformed, unknown or expired token: 401', async () => {
    problem(await call('GET', '/api/v1/orgs/acme/flows'), 401, 'unauthorized');
    problem(await call('GET', '/api/v1/orgs/acme/flows', 'not-a-token'), 401, 'unauthorized');
    problem(await call('GET', '/api/v1/orgs/acme/flows', `evd_${'x'.repeat(43)}`), 401, 'unauthorized');
    problem(await call('GET', '/api/v1/orgs/acme/flows', tokens.expired), 401, 'unauthorized');
  });

  test("another org's token sees 404, exactly like a missing org", async () => {
    problem(await call('GET', '/api/v1/orgs/acme/flows', tokens.other), 404, 'not_found');
    problem(await call('GET', '/api/v1/orgs/acme/log/checkpoint', tokens.other), 404, 'not_found');
    problem(await call('PUT', '/api/v1/orgs/acme/flows/x', tokens.other, {}), 404, 'not_found');
    problem(await call('GET', '/api/v1/orgs/nowhere/flows', tokens.admin), 404, 'not_found');
  });

  test('only admin and writer may save flows; every role may read', async () => {
    for (const role of ['reader', 'auditor', 'reporter', 'approver'] as const) {
      problem(
        await call('PUT', `/api/v1/orgs/acme/flows/by-${role}`, tokens[role], { description: 'x' }),
        403,
        'forbidden',
      );
      assert.equal((await call('GET', '/api/v1/orgs/acme/flows', tokens[role])).statusCode, 200);
      assert.equal((await call('GET', '/api/v1/orgs/acme/log/checkpoint', tokens[role])).statusCode, 200);
    }
    for (const role of ['admin', 'writer'] as const) {
      assert.equal(
        (await call('PUT', `/api/v1/orgs/acme/flows/by-${role}`, tokens[role], { description: 'x' }))
          .statusCode,
        201,
      );
    }
    problem(await call('GET', '/api/v1/orgs/acme/flows/by-reader', tokens.admin), 404, 'not_found');
  });

  test('repeated failed authentication from one address is rate limited, valid tokens still pass', async () => {
    const limited = buildApp({ services, version: 'test', now: () => Date.now() });
    const get = (token: string) =>
      limited.inject({
        method: 'GET',
        url: '/api/v1/orgs/acme/flows',
        headers: { authorization: `Bearer ${token}` },
      });
    try {
      for (let i = 0; i < 20; i++) {
        const r = await get('nope');
        problem(r, 401, 'unauthorized');
        assert.equal(r.headers['www-authenticate'], 'Bearer realm="evident"');
      }
      const blocked = await get('nope');
      problem(blocked, 429, 'rate_limited');
      assert.equal(blocked.headers['retry-after'], '60');
      assert.equal((await get(tokens.admin!)).statusCode, 200);
    } finally {
      await limited.close();
    }
  });
});

describe('flows and receipts', () => {
  test('PUT creates then updates; GET reads; list pages with a cursor', async () => {
    const created = await call('PUT', '/api/v1/orgs/acme/flows/payments-api', tokens.writer, {
      description: 'Payments',
    });
    assert.equal(created.statusCode, 201, 'created');
    const first = created.json<{
      flow: { createdIndex: number };
      receipt: { index: number; leafHash: string };
    }>();
    const updated = await call('PUT', '/api/v1/orgs/acme/flows/payments-api', tokens.writer, {
      description: 'Payments v2',
    });
    assert.equal(updated.statusCode, 200, 'updated');
    const second = updated.json<{
      flow: { description: string; createdIndex: number; updatedIndex: number };
    }>();
    assert.equal(second.flow.description, 'Payments v2');
    assert.equal(second.flow.createdIndex, first.receipt.index);
    assert.equal(second.flow.updatedIndex, first.receipt.index + 1);
    const got = await call('GET', '/api/v1/orgs/acme/flows/payments-api', tokens.reader);
    assert.equal(got.json<{ flow: { description: string } }>().flow.description, 'Payments v2');
    for (let i = 0; i < 5; i++) await call('PUT', `/api/v1/orgs/acme/flows/page-${i}`, tokens.writer, {});
    const names: string[] = [];
    let after: string | null = '';
    while (after !== null) {
      const page: { flows: { name: string }[]; next: string | null } = (
        await call('GET', `/api/v1/orgs/acme/flows?limit=2${after ? `&after=${after}` : ''}`, tokens.reader)
      ).json<{
        flows: { name: string }[];
        next: string | null;
      }>();
      assert.ok(page.flows.length <= 2);
      names.push(...page.flows.map((f) => f.name));
      after = page.next;
    }
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes('page-4') && names.includes('payments-api'));
    assert.equal(new Set(names).size, names.length);
  });

  test('the entries endpoint returns the canonical bytes the receipt hashed', async () => {
    const saved = (
      await call('PUT', '/api/v1/orgs/acme/flows/bytes', tokens.admin, { description: 'ü €' })
    ).json<{
      receipt: { index: number; leafHash: string };
    }>();
    const { index, leafHash: hash } = saved.receipt;
    const page = (
      await call('GET', `/api/v1/orgs/acme/log/entries?start=${index}&end=${index + 1}`, tokens.auditor)
    ).json<{
      entries: { index: number; leafHash: string; entry: string }[];
    }>();
    const bytes = Buffer.from(page.entries[0]!.entry, 'base64');
    assert.equal(page.entries[0]!.index, index);
    assert.equal(page.entries[0]!.leafHash, hash);
    assert.equal(toHex(leafHash(bytes)), hash);
    assert.ok(isCanonical(bytes));
    const entry = JSON.parse(bytes.toString('utf8')) as {
      v: number;
      type: string;
      data: { description: string };
    };
    assert.deepEqual([entry.v, entry.type, entry.data.description], [1, 'flow.saved', 'ü €']);
  });

  test('Idempotency-Key: same body replays the receipt, another body is 409, nothing appended', async () => {
    const headers = { 'idempotency-key': 'pipeline-77-step-3' };
    const first = await call(
      'PUT',
      '/api/v1/orgs/acme/flows/idem',
      tokens.writer,
      { description: 'a' },
      headers,
    );
    const size = (await services.ledgerStore.head('acme'))?.size;
    // Same JSON with other whitespace is the same request.
    const again = await call(
      'PUT',
      '/api/v1/orgs/acme/flows/idem',
      tokens.writer,
      '{ "description" : "a" }',
      headers,
    );
    assert.equal(again.statusCode, 201, 'the replay of a creation answers as the creation did');
    const r1 = first.json<{ receipt: { index: number; replayed: boolean } }>().receipt;
    const r2 = again.json<{ receipt: { index: number; replayed: boolean } }>().receipt;
    assert.equal(r2.index, r1.index);
    assert.deepEqual([r1.replayed, r2.replayed], [false, true]);
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/idem', tokens.writer, { description: 'b' }, headers),
      409,
      'idempotency_conflict',
    );
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/other', tokens.writer, { description: 'a' }, headers),
      409,
      'idempotency_conflict',
    );
    problem(
      await call(
        'PUT',
        '/api/v1/orgs/acme/flows/idem',
        tokens.writer,
        { description: 'a' },
        { 'idempotency-key': 'bad key' },
      ),
      400,
      'bad_request',
    );
    assert.equal((await services.ledgerStore.head('acme'))?.size, size);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  test('names, bodies, media types, sizes, query parameters', async () => {
    const before = (await services.ledgerStore.head('acme'))?.size;
    problem(await call('PUT', '/api/v1/orgs/acme/flows/bad%20name', tokens.admin, {}), 400, 'bad_request');
    problem(await call('PUT', '/api/v1/orgs/acme/flows/-dash', tokens.admin, {}), 400, 'bad_request');
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/ok', tokens.admin, { description: 'x', extra: 1 }),
      400,
      'bad_request',
    );
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/ok', tokens.admin, { description: 42 }),
      400,
      'bad_request',
    );
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/ok', tokens.admin, '{"description":'),
      400,
      'bad_request',
    );
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/ok', tokens.admin, 'description', {
        'content-type': 'text/plain',
      }),
      415,
      'unsupported_media_type',
    );
    problem(
      await call('PUT', '/api/v1/orgs/acme/flows/ok', tokens.admin, { description: 'x'.repeat(5000) }),
      413,
      'payload_too_large',
    );
    for (const query of [
      'entries?start=-1&end=2',
      'entries?start=a&end=2',
      'entries?start=999999&end=1000000',
      'proofs/inclusion?index=5&size=5',
      'proofs/inclusion?index=0',
      'proofs/consistency?from=0&to=5',
    ]) {
      problem(await call('GET', `/api/v1/orgs/acme/log/${query}`, tokens.admin), 400, 'bad_request');
    }
    problem(await call('GET', '/api/v1/nothing-here'), 404, 'not_found');
    problem(
      await call('PUT', `/api/v1/orgs/acme/flows/${'a'.repeat(150)}`, tokens.admin, {}),
      400,
      'bad_request',
    );
    problem(
      await call('GET', `/api/v1/orgs/acme/flows/${'a'.repeat(600)}`, tokens.admin),
      400,
      'bad_request',
    );
    const unclear = await call('GET', '/api/v1/orgs/acme/log/entries?start=x&end=2', tokens.admin);
    assert.match(unclear.json<{ detail: string }>().detail, /start/, 'the message names the parameter');
    assert.equal((await services.ledgerStore.head('acme'))?.size, before);
  });
});

describe('documents', () => {
  test('health, verifier key and an OpenAPI document that lists exactly the routes', async () => {
    assert.deepEqual((await call('GET', '/api/v1/health')).json(), { status: 'ok', version: 'test' });
    const key = await call('GET', '/api/v1/log/key');
    assert.match(key.headers['content-type'] as string, /^text\/plain/);
    assert.equal(key.body, `${services.vkeys.join('\n')}\n`);
    const document = (await call('GET', '/api/v1/openapi.json')).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    assert.equal(document.openapi, '3.1.0');
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const route of documented) {
      const [method, url] = route.split(' ') as ['GET' | 'PUT', string];
      assert.ok(app.hasRoute({ method, url }), `documented but not served: ${route}`);
    }
    assert.deepEqual([...servedRoutes(app)].sort(), [...documented].sort());
  });
});
