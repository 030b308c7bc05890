// Browser sessions over HTTP on a real SQLite database: password and token sign-in set an HttpOnly
// cookie that every route accepts like a bearer token, with a CSRF header on every change, the same
// roles and org isolation, sign-out, and the cookie's Secure attribute (issue #7, DESIGN §5, §7).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { serviceAccountToken, systemToken } from '../../../test/support/people.ts';
import { TEST_ORIGIN, testServices } from '../../../test/support/services.ts';
import { buildApp } from '../buildApp.ts';
import { csrfToken } from '../csrf.ts';

const system = { type: 'system' } as const;
const PASSWORD = 'correct horse battery staple';
const START = Date.parse('2026-11-19T08:00:00.000Z');
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
let clock = START;
/** A CI token (service account, writer) and an admin token of another org, for pasting. */
let ciToken = '';
let strangerToken = '';
/** Every test fails from its own address, so the failure limit of one never meets another's. */
let address = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-session-routes-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  services = testServices(database, { now: () => clock });
  for (const org of ['acme', 'other']) await services.access.createOrg(org, system);
  for (const [username, role] of [
    ['wendy', 'writer'],
    ['rita', 'reader'],
    ['abe', 'approver'],
  ] as const) {
    await services.users.create(
      'acme',
      { username, role, displayName: username, password: PASSWORD },
      system,
    );
  }
  ciToken = (await serviceAccountToken(services, 'acme', 'ci', 'writer')).secret;
  strangerToken = (await systemToken(services, 'other', 'admin')).secret;
  app = buildApp({ services, version: 'test', now: () => clock });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Call {
  readonly body?: unknown;
  readonly cookie?: string;
  readonly csrf?: string;
  readonly bearer?: string;
  readonly headers?: Record<string, string>;
  readonly remoteAddress?: string;
  readonly on?: FastifyInstance;
}

function call(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, options: Call = {}) {
  const { body, cookie, csrf, bearer } = options;
  return (options.on ?? app).inject({
    method,
    url,
    remoteAddress: options.remoteAddress ?? '192.0.2.1',
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(cookie !== undefined && { cookie }),
      ...(csrf !== undefined && { 'x-csrf-token': csrf }),
      ...(bearer !== undefined && { authorization: `Bearer ${bearer}` }),
      ...options.headers,
    },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
}

function code(response: LightMyRequestResponse): string {
  return response.statusCode < 400 ? 'ok' : response.json<{ code: string }>().code;
}

function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : [header].flat();
}

interface Session {
  org: string;
  role: string;
  actor: { kind: string; name?: string };
  method: string;
  csrf: string;
  expiresAt: string | null;
  insecureTransport: boolean;
}

/** Signs in; answers the session, the Cookie header a browser would send back, and the raw answer. */
async function signIn(body: Record<string, string>, options: Call = {}) {
  const response = await call('POST', '/api/v1/session', { ...options, body });
  assert.equal(response.statusCode, 201, response.body);
  const [kept] = setCookies(response);
  return { session: response.json<Session>(), cookie: (kept ?? '').split(';')[0] ?? '', response };
}

const password = (username: string) => ({ org: 'acme', username, password: PASSWORD });
const ledgerSize = async () => (await services.ledgerStore.head('acme'))?.size;

describe('signing in', () => {
  test('with a password: a session cookie, HttpOnly, SameSite=Strict, Secure on localhost, 12 hours', async () => {
    const { session, cookie, response } = await signIn(password('wendy'));
    const secret = cookie.slice('evident_session='.length);
    assert.match(secret, /^evd_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(setCookies(response), [
      `evident_session=${secret}; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=43200`,
      'evident_token=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
    ]);
    assert.deepEqual(session, {
      org: 'acme',
      role: 'writer',
      actor: { kind: 'user', name: 'wendy' },
      method: 'password',
      csrf: csrfToken(secret),
      expiresAt: '2026-11-19T20:00:00.000Z',
      insecureTransport: false,
    });
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.body.includes(secret), false, 'the secret is only in the cookie');
    assert.equal(session.csrf.length, 43);
  });

  test('with an API token: a token cookie, for as long as the token lives', async () => {
    const { session, cookie, response } = await signIn({ org: 'acme', token: ciToken });
    assert.equal(cookie, `evident_token=${ciToken}`);
    assert.deepEqual(setCookies(response), [
      `evident_token=${ciToken}; Path=/; HttpOnly; SameSite=Strict; Secure`,
      'evident_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
    ]);
    assert.deepEqual(session, {
      org: 'acme',
      role: 'writer',
      actor: { kind: 'service_account', name: 'ci' },
      method: 'token',
      csrf: csrfToken(ciToken),
      expiresAt: null,
      insecureTransport: false,
    });
    const expiring = await services.access.createToken(
      'acme',
      { role: 'reader', description: 'a day', expiresAt: '2026-11-20T08:00:00.000Z' },
      system,
    );
    const { response: day, session: reader } = await signIn({ org: 'acme', token: expiring.secret });
    assert.match(setCookies(day)[0] ?? '', /; Max-Age=86400$/);
    assert.deepEqual(reader.actor, { kind: 'system' });
  });

  test('wrong passwords, unknown users, foreign or unknown tokens: 401; half-given bodies: 400', async () => {
    const remoteAddress = `10.0.0.${++address}`;
    const refused = async (body: unknown, expected: string) => {
      const response = await call('POST', '/api/v1/session', { body, remoteAddress });
      assert.equal(code(response), expected, JSON.stringify(body));
      assert.deepEqual(setCookies(response), [], 'no cookie');
    };
    await refused({ org: 'acme', username: 'wendy', password: 'wrong password!' }, 'unauthorized');
    await refused({ org: 'acme', username: 'nobody', password: PASSWORD }, 'unauthorized');
    await refused({ org: 'other', username: 'wendy', password: PASSWORD }, 'unauthorized');
    await refused({ org: 'acme', token: strangerToken }, 'unauthorized');
    await refused({ org: 'acme', token: `evd_${'x'.repeat(43)}` }, 'unauthorized');
    await refused({ org: 'acme', token: 'not a token' }, 'unauthorized');
    await refused({ org: 'acme', username: 'wendy' }, 'bad_request');
    await refused({ org: 'acme', username: 'wendy', password: PASSWORD, token: ciToken }, 'bad_request');
    await refused({ org: 'acme', token: ciToken, extra: 1 }, 'bad_request');
    await refused({ username: 'wendy', password: PASSWORD }, 'bad_request');
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `org=acme&username=wendy&password=${encodeURIComponent(PASSWORD)}`,
    });
    assert.equal(code(form), 'unsupported_media_type', 'an HTML form of another site cannot sign in');
  });

  test('wrong passwords are rate limited per address as before; the right one still gets in', async () => {
    const limited = buildApp({ services, version: 'test', now: () => clock });
    try {
      const wrong = { org: 'acme', username: 'wendy', password: 'not the password' };
      for (let i = 0; i < 20; i++) {
        assert.equal(
          code(await call('POST', '/api/v1/session', { on: limited, body: wrong })),
          'unauthorized',
        );
      }
      const blocked = await call('POST', '/api/v1/session', { on: limited, body: wrong });
      assert.equal(code(blocked), 'rate_limited');
      assert.equal(blocked.headers['retry-after'], '60');
      assert.equal(
        code(await call('POST', '/api/v1/session', { on: limited, body: { org: 'acme', token: 'nope' } })),
        'rate_limited',
      );
      await signIn(password('wendy'), { on: limited });
    } finally {
      await limited.close();
    }
  });
});

describe('the Secure attribute', () => {
  const secureOf = async (headers: Record<string, string>, on = app) => {
    const { response, session } = await signIn(password('rita'), { headers, on });
    const secure = setCookies(response).map((c) => c.split('; ').includes('Secure'));
    assert.deepEqual(secure, [secure[0], secure[0]], 'both cookies alike');
    assert.equal(session.insecureTransport, !secure[0]);
    return secure[0];
  };

  test('on loopback hosts (secure contexts) it is set, also over plain HTTP', async () => {
    for (const host of ['localhost', 'localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LocalHost'])
      assert.equal(await secureOf({ host }), true, host);
  });

  test('plain HTTP to another host: not set, so that sign-in still works, and the answer says so', async () => {
    for (const host of [
      'evident.example.com',
      'evident.example.com:8080',
      '192.0.2.7:8080',
      'localhost.evil',
    ])
      assert.equal(await secureOf({ host }), false, host);
  });

  test('HTTPS behind a trusted proxy (X-Forwarded-Proto): set; an untrusted one is not believed', async () => {
    const proxied = buildApp({ services, version: 'test', now: () => clock, trustProxy: true });
    try {
      const forwarded = { host: 'evident.example.com', 'x-forwarded-proto': 'https' };
      assert.equal(await secureOf(forwarded, proxied), true);
      assert.equal(await secureOf({ ...forwarded, 'x-forwarded-proto': 'http' }, proxied), false);
      assert.equal(await secureOf(forwarded), false, 'without --trust-proxy the header is ignored');
    } finally {
      await proxied.close();
    }
  });
});

describe('the cookie as a credential', () => {
  test('it reads like a bearer token; GET /api/v1/session gives the same answer again', async () => {
    const { cookie, session } = await signIn(password('wendy'));
    assert.equal((await call('GET', '/api/v1/orgs/acme/flows', { cookie })).statusCode, 200);
    assert.equal((await call('GET', '/api/v1/orgs/acme/log/checkpoint', { cookie })).statusCode, 200);
    const again = await call('GET', '/api/v1/session', { cookie: `theme=dark; ${cookie}; lang=en` });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), session);
    assert.equal(again.headers['cache-control'], 'no-store');
    // Nobody signed in is an answer, not an error (no console error in the browser), and sets no cookie.
    const nobody = await call('GET', '/api/v1/session');
    assert.equal(nobody.statusCode, 204);
    assert.equal(nobody.body, '');
    assert.deepEqual(setCookies(nobody), []);
  });

  test('a change needs the CSRF header: without it or with a wrong one 403 and nothing recorded', async () => {
    const { cookie, session } = await signIn(password('wendy'));
    const before = await ledgerSize();
    const flow = { description: 'by cookie' };
    for (const csrf of [undefined, '', 'x', session.csrf.slice(1), csrfToken(ciToken), `${session.csrf} `]) {
      const refused = await call('PUT', '/api/v1/orgs/acme/flows/cookie-flow', { cookie, csrf, body: flow });
      assert.equal(code(refused), 'forbidden', String(csrf));
      assert.match(refused.json<{ detail: string }>().detail, /X-CSRF-Token/);
    }
    assert.equal(await ledgerSize(), before, 'nothing appended');
    assert.equal(
      code(await call('GET', '/api/v1/orgs/acme/flows/cookie-flow', { cookie })),
      'not_found',
      'no flow',
    );
    const made = await call('PUT', '/api/v1/orgs/acme/flows/cookie-flow', {
      cookie,
      csrf: session.csrf,
      body: flow,
    });
    assert.equal(made.statusCode, 201, made.body);
  });

  test('bearer tokens need no CSRF header; the Authorization header wins over a cookie', async () => {
    const body = { description: 'by bearer' };
    assert.equal(
      (await call('PUT', '/api/v1/orgs/acme/flows/bearer-flow', { bearer: ciToken, body })).statusCode,
      201,
    );
    const { cookie, session } = await signIn(password('wendy'));
    const reader = (await systemToken(services, 'acme', 'reader')).secret;
    const asReader = await call('PUT', '/api/v1/orgs/acme/flows/bearer-flow', {
      bearer: reader,
      cookie,
      csrf: session.csrf,
      body,
    });
    assert.equal(code(asReader), 'forbidden', "the reader's bearer token, not the writer's cookie");
    const badBearer = await call('GET', '/api/v1/orgs/acme/flows', {
      bearer: 'nope',
      cookie,
      remoteAddress: `10.0.0.${++address}`,
    });
    assert.equal(code(badBearer), 'unauthorized');
  });

  test('roles hold exactly as for bearer tokens', async () => {
    const rita = await signIn(password('rita'));
    const abe = await signIn(password('abe'));
    const as = (who: typeof rita) => ({ cookie: who.cookie, csrf: who.session.csrf });
    assert.equal((await call('GET', '/api/v1/orgs/acme/flows', as(rita))).statusCode, 200);
    assert.equal(
      code(await call('PUT', '/api/v1/orgs/acme/flows/by-rita', { ...as(rita), body: { description: '' } })),
      'forbidden',
    );
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/approvals/1/decisions', {
          ...as(rita),
          body: { decision: 'approve' },
        }),
      ),
      'forbidden',
    );
    assert.equal(
      code(await call('PUT', '/api/v1/orgs/acme/flows/by-abe', { ...as(abe), body: { description: '' } })),
      'forbidden',
    );
    const decision = await call('POST', '/api/v1/orgs/acme/approvals/1/decisions', {
      ...as(abe),
      body: { decision: 'approve' },
    });
    assert.equal(code(decision), 'not_found', 'an approver gets past the role check to the missing request');
    assert.equal(
      code(await call('POST', '/api/v1/orgs/acme/tokens', { ...as(abe), body: { role: 'admin' } })),
      'forbidden',
    );
  });

  test('a cookie of one org sees another org as missing (404), as a bearer token does', async () => {
    const { cookie, session } = await signIn(password('wendy'));
    assert.equal(code(await call('GET', '/api/v1/orgs/other/flows', { cookie })), 'not_found');
    assert.equal(
      code(
        await call('PUT', '/api/v1/orgs/other/flows/x', {
          cookie,
          csrf: session.csrf,
          body: { description: '' },
        }),
      ),
      'not_found',
    );
    const { cookie: foreign } = await signIn({ org: 'other', token: strangerToken });
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/flows', { cookie: foreign })), 'not_found');
  });

  test('garbage and oversized Cookie headers are a 401 (GET /api/v1/session: 204), never a crash', async () => {
    const remoteAddress = `10.0.0.${++address}`;
    for (const cookie of [
      'evident_session',
      ';;;==;"',
      'evident_session=',
      'evident_session="',
      'evident_session=%00%ff',
      'evident_session=évd',
      `evident_session=evd_${'x'.repeat(43)}`,
      `evident_token=${'x'.repeat(5000)}`,
      `a=b; `.repeat(3000),
      `evident_session=${'='.repeat(9000)}`,
      `x=${'y'.repeat(9000)}; evident_token=${ciToken}`,
    ]) {
      const response = await call('GET', '/api/v1/orgs/acme/flows', { cookie, remoteAddress });
      assert.equal(code(response), 'unauthorized', cookie.slice(0, 40));
    }
    // Answering "nobody" weakens nothing: a cookie that does not work still counts as a failure.
    const probing = `10.0.1.${++address}`;
    const guess = { cookie: `evident_session=evd_${'y'.repeat(43)}`, remoteAddress: probing };
    for (let i = 0; i < 20; i++) assert.equal((await call('GET', '/api/v1/session', guess)).statusCode, 204);
    assert.equal(code(await call('GET', '/api/v1/session', guess)), 'rate_limited');
    const oversized = await call('GET', '/api/v1/session', {
      cookie: `evident_session=${'x'.repeat(9000)}`,
      remoteAddress,
    });
    assert.equal(oversized.statusCode, 204, 'an oversized cookie header is no credential');
  });
});

describe('signing out', () => {
  test('revokes a password session: the same cookie stops working; CSRF needed while it works', async () => {
    const { cookie, session } = await signIn(password('wendy'));
    const { id } = await services.access.authenticate(cookie.slice('evident_session='.length));
    assert.equal(code(await call('DELETE', '/api/v1/session', { cookie })), 'forbidden');
    assert.equal(
      (await call('GET', '/api/v1/orgs/acme/flows', { cookie })).statusCode,
      200,
      'still signed in',
    );
    const out = await call('DELETE', '/api/v1/session', { cookie, csrf: session.csrf });
    assert.equal(out.statusCode, 204);
    assert.deepEqual(setCookies(out), [
      'evident_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
      'evident_token=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
    ]);
    const remoteAddress = `10.0.0.${++address}`;
    assert.equal(
      code(await call('GET', '/api/v1/orgs/acme/flows', { cookie, remoteAddress })),
      'unauthorized',
    );
    const stale = await call('GET', '/api/v1/session', { cookie, remoteAddress });
    assert.equal(stale.statusCode, 204, 'nobody is signed in');
    assert.equal(setCookies(stale).length, 2, 'a cookie that no longer works is removed');
    const revoked = (await services.access.listTokens('acme', undefined, 1000)).find((t) => t.id === id);
    assert.notEqual(revoked?.revokedAt ?? null, null, 'revoked in the ledger');
    const again = await call('DELETE', '/api/v1/session', { cookie, remoteAddress });
    assert.equal(again.statusCode, 204, 'signing out twice is fine');
  });

  test('forgets a pasted API token without revoking it', async () => {
    const { cookie, session } = await signIn({ org: 'acme', token: ciToken });
    const before = await ledgerSize();
    const out = await call('DELETE', '/api/v1/session', { cookie, csrf: session.csrf });
    assert.equal(out.statusCode, 204);
    assert.equal(setCookies(out).length, 2);
    assert.equal(await ledgerSize(), before, 'no revocation recorded');
    assert.equal((await call('GET', '/api/v1/orgs/acme/flows', { bearer: ciToken })).statusCode, 200);
    assert.equal(
      (await call('GET', '/api/v1/orgs/acme/flows', { cookie })).statusCode,
      200,
      'the CI token lives on',
    );
  });

  test('without a cookie it is a 204 all the same', async () => {
    const out = await call('DELETE', '/api/v1/session');
    assert.equal(out.statusCode, 204);
    assert.equal(setCookies(out).length, 2);
  });

  test('a session ends after 12 hours', async () => {
    const { cookie } = await signIn(password('rita'));
    clock = START + 12 * 3600_000 + 1;
    try {
      const remoteAddress = `10.0.0.${++address}`;
      assert.equal((await call('GET', '/api/v1/session', { cookie, remoteAddress })).statusCode, 204);
      assert.equal(
        code(await call('GET', '/api/v1/orgs/acme/flows', { cookie, remoteAddress })),
        'unauthorized',
      );
    } finally {
      clock = START;
    }
  });
});
