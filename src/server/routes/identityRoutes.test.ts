// Identity and access over HTTP on a real SQLite database: orgs, tokens, users, service accounts,
// sign-in, and every role boundary (issue #3 §1, DESIGN §5 "Auth", §7).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../core/model/token.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { verifyLedger } from '../../service/verify/verifyLedger.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import { TEST_KEY, TEST_ORIGIN, testServices } from '../../../test/support/services.ts';
import { buildApp } from '../buildApp.ts';
import { injectJson } from '../../../test/support/inject.ts';

const system = { type: 'system' } as const;
const PASSWORD = 'correct horse battery staple';
let dir: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;
let clock = Date.parse('2026-11-19T08:00:00.000Z');
const root: Partial<Record<Role, string>> = {};
const acme: Partial<Record<Role, string>> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-identity-'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  services = testServices(database, { now: () => clock });
  for (const org of ['default', 'acme']) await services.access.createOrg(org, system);
  for (const role of ROLES) {
    root[role] = (
      await services.access.createToken('default', { role, description: role, expiresAt: null }, system)
    ).secret;
    acme[role] = (
      await services.access.createToken('acme', { role, description: role, expiresAt: null }, system)
    ).secret;
  }
  app = buildApp({ services, version: 'test', now: () => clock });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token?: string, body?: unknown) {
  return injectJson(app, method, url, token, body);
}

function code(response: { statusCode: number; json: () => unknown }): string {
  return response.statusCode < 400 ? 'ok' : (response.json() as { code: string }).code;
}

describe('organisations', () => {
  test('only admins of the default org create orgs; the new org gets its own admin token', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      assert.equal(code(await call('POST', '/api/v1/orgs', root[role], { name: `by-${role}` })), 'forbidden');
    }
    assert.equal(code(await call('POST', '/api/v1/orgs', acme.admin, { name: 'sneaky' })), 'not_found');
    const created = await call('POST', '/api/v1/orgs', root.admin, { name: 'globex' });
    assert.equal(created.statusCode, 201);
    const { adminToken } = created.json<{ adminToken: { secret: string } }>();
    assert.equal(
      (await call('GET', '/api/v1/orgs/globex/log/checkpoint', adminToken.secret)).statusCode,
      200,
    );
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/flows', adminToken.secret)), 'not_found');
    assert.equal(code(await call('POST', '/api/v1/orgs', root.admin, { name: 'globex' })), 'conflict');
    assert.equal(code(await call('POST', '/api/v1/orgs', root.admin, { name: 'bad name' })), 'bad_request');
  });
});

describe('tokens', () => {
  test('admins create, list and revoke; revoked and expired tokens stop working', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      assert.equal(
        code(await call('POST', '/api/v1/orgs/acme/tokens', acme[role], { role: 'reader' })),
        'forbidden',
      );
      assert.equal(
        code(await call('DELETE', '/api/v1/orgs/acme/tokens/tok_0000000000000000', acme[role])),
        'forbidden',
      );
    }
    const created = await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, {
      role: 'writer',
      description: 'ci',
    });
    assert.equal(created.statusCode, 201);
    const { token } = created.json<{ token: { id: string; secret: string } }>();
    assert.equal(
      (await call('PUT', '/api/v1/orgs/acme/flows/by-new-token', token.secret, {})).statusCode,
      201,
    );
    const listed = (await call('GET', '/api/v1/orgs/acme/tokens', acme.auditor)).json<{
      tokens: { id: string }[];
    }>();
    assert.ok(listed.tokens.some((t) => t.id === token.id));
    assert.doesNotMatch(JSON.stringify(listed), /evd_/, 'no secret is ever listed');
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/tokens', acme.writer)), 'forbidden');
    assert.equal((await call('DELETE', `/api/v1/orgs/acme/tokens/${token.id}`, acme.admin)).statusCode, 200);
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/flows', token.secret)), 'unauthorized');
    assert.equal(code(await call('DELETE', `/api/v1/orgs/acme/tokens/${token.id}`, acme.admin)), 'conflict');
    assert.equal(
      code(await call('DELETE', '/api/v1/orgs/acme/tokens/tok_ffffffffffffffff', acme.admin)),
      'not_found',
    );
    assert.equal(code(await call('DELETE', '/api/v1/orgs/acme/tokens/nonsense', acme.admin)), 'not_found');

    const soon = await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, {
      role: 'reader',
      expiresAt: '2026-11-19T09:00:00Z',
    });
    const short = soon.json<{ token: { secret: string } }>().token.secret;
    assert.equal((await call('GET', '/api/v1/orgs/acme/flows', short)).statusCode, 200);
    clock += 2 * 3600_000;
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/flows', short)), 'unauthorized');
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, {
          role: 'reader',
          expiresAt: '2026-11-19T09:00:00Z',
        }),
      ),
      'bad_request',
      'an expiry in the past',
    );
    assert.equal(
      code(await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, { role: 'god' })),
      'bad_request',
    );
  });

  test('a service account owns CI tokens and is named in the ledger as the actor', async () => {
    assert.equal(
      code(await call('POST', '/api/v1/orgs/acme/service-accounts', acme.writer, { name: 'jenkins' })),
      'forbidden',
    );
    const made = await call('POST', '/api/v1/orgs/acme/service-accounts', acme.admin, {
      name: 'jenkins',
      description: 'CI',
    });
    assert.equal(made.statusCode, 201);
    assert.equal(
      code(await call('POST', '/api/v1/orgs/acme/service-accounts', acme.admin, { name: 'jenkins' })),
      'conflict',
    );
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, {
          role: 'writer',
          serviceAccount: 'nobody',
        }),
      ),
      'not_found',
    );
    const { token } = (
      await call('POST', '/api/v1/orgs/acme/tokens', acme.admin, {
        role: 'writer',
        serviceAccount: 'jenkins',
      })
    ).json<{ token: { secret: string } }>();
    const saved = (await call('PUT', '/api/v1/orgs/acme/flows/from-jenkins', token.secret, {})).json<{
      receipt: { index: number };
    }>();
    const [entry] = await services.ledger.entries('acme', saved.receipt.index, saved.receipt.index + 1);
    const actor = (
      JSON.parse(Buffer.from(entry!.entry).toString('utf8')) as { actor: Record<string, unknown> }
    ).actor;
    assert.equal(actor.serviceAccount, 'jenkins');
    const accounts = (await call('GET', '/api/v1/orgs/acme/service-accounts', acme.auditor)).json<{
      serviceAccounts: { name: string }[];
    }>();
    assert.deepEqual(
      accounts.serviceAccounts.map((a) => a.name),
      ['jenkins'],
    );
  });
});

describe('users and sign-in', () => {
  test('admins create users; sign-in gives a session with the user role, which follows role changes', async () => {
    const body = { username: 'ada', role: 'reader', displayName: 'Ada Lovelace', password: PASSWORD };
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      assert.equal(code(await call('POST', '/api/v1/orgs/acme/users', acme[role], body)), 'forbidden');
    }
    assert.equal((await call('POST', '/api/v1/orgs/acme/users', acme.admin, body)).statusCode, 201);
    assert.equal(code(await call('POST', '/api/v1/orgs/acme/users', acme.admin, body)), 'conflict');
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/users', acme.admin, {
          ...body,
          username: 'bob',
          password: 'short',
        }),
      ),
      'bad_request',
    );
    assert.equal(
      code(await call('POST', '/api/v1/orgs/acme/users', acme.admin, { ...body, username: 'Bob' })),
      'bad_request',
    );

    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/sessions', undefined, {
          username: 'ada',
          password: 'wrong password!',
        }),
      ),
      'unauthorized',
    );
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/sessions', undefined, { username: 'eve', password: PASSWORD }),
      ),
      'unauthorized',
    );
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/default/sessions', undefined, {
          username: 'ada',
          password: PASSWORD,
        }),
      ),
      'unauthorized',
    );
    const session = (
      await call('POST', '/api/v1/orgs/acme/sessions', undefined, { username: 'ada', password: PASSWORD })
    ).json<{
      token: { secret: string; expiresAt: string };
    }>().token;
    assert.equal(session.expiresAt, new Date(clock + 12 * 3600_000).toISOString());
    assert.equal((await call('GET', '/api/v1/orgs/acme/flows', session.secret)).statusCode, 200);
    assert.equal(code(await call('PUT', '/api/v1/orgs/acme/flows/by-ada', session.secret, {})), 'forbidden');

    assert.equal(
      code(await call('PUT', '/api/v1/orgs/acme/users/ada/role', acme.writer, { role: 'writer' })),
      'forbidden',
    );
    assert.equal(
      (await call('PUT', '/api/v1/orgs/acme/users/ada/role', acme.admin, { role: 'writer' })).statusCode,
      200,
    );
    assert.equal(
      (await call('PUT', '/api/v1/orgs/acme/flows/by-ada', session.secret, {})).statusCode,
      201,
      'new role applies at once',
    );
    assert.equal(
      code(await call('PUT', '/api/v1/orgs/acme/users/nobody/role', acme.admin, { role: 'writer' })),
      'not_found',
    );

    // A user may change their own password, nobody else's (unless admin).
    assert.equal(
      code(
        await call('PUT', '/api/v1/orgs/acme/users/admin/password', session.secret, { password: PASSWORD }),
      ),
      'forbidden',
    );
    const fresh = 'a much better passphrase';
    assert.equal(
      (await call('PUT', '/api/v1/orgs/acme/users/ada/password', session.secret, { password: fresh }))
        .statusCode,
      200,
    );
    assert.equal(
      code(
        await call('POST', '/api/v1/orgs/acme/sessions', undefined, { username: 'ada', password: PASSWORD }),
      ),
      'unauthorized',
    );
    assert.equal(
      (await call('POST', '/api/v1/orgs/acme/sessions', undefined, { username: 'ada', password: fresh }))
        .statusCode,
      201,
    );
    const users = (await call('GET', '/api/v1/orgs/acme/users', acme.auditor)).json<{
      users: { username: string; role: string; displayName: string }[];
    }>();
    assert.deepEqual(
      users.users.map(({ username, role, displayName }) => ({ username, role, displayName })),
      [{ username: 'ada', role: 'writer', displayName: 'Ada Lovelace' }],
    );
    assert.equal(code(await call('GET', '/api/v1/orgs/acme/users', acme.writer)), 'forbidden');
  });

  test('no secret reaches the ledger, and the whole history verifies', async () => {
    const secrets = [PASSWORD, 'a much better passphrase', ...Object.values(acme), ...Object.values(root)];
    for (const org of ['default', 'acme', 'globex']) {
      const size = (await services.ledgerStore.head(org))?.size ?? 0;
      const entries = await services.ledger.entries(org, 0, size);
      const text = entries.map((e) => Buffer.from(e.entry).toString('utf8')).join('\n');
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret is in the ${org} ledger`);
      assert.match(text, /"type":"org.created"/);
    }
    const report = await verifyLedger({ database, vkeys: [TEST_KEY.vkey], external: [], now: () => 0 });
    assert.deepEqual(report.findings, []);
    assert.equal(report.ok, true);
  });
});
