// The log's state and verification runs over HTTP (issue #7, the web UI's Ledger page), on SQLite and
// on a real PostgreSQL: status of a new and of a written log, who may verify, org isolation, one run
// per org at a time, runs newest first, and a tampered log found out — naming only its own org.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { toHex } from '../../core/ledger/merkleHash.ts';
import type { Role } from '../../core/model/token.ts';
import type { VerificationRun } from '../../core/model/verificationRun.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { LogStatus } from '../../core/model/verificationRun.ts';
import type { OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import { backends } from '../../../test/support/backends.ts';
import { injectJson } from '../../../test/support/inject.ts';
import {
  TEST_KEY,
  TEST_ORIGIN,
  orgWithEveryRole,
  paymentsFlow,
  recordBuild,
  testServices,
} from '../../../test/support/services.ts';
import { buildApp } from '../buildApp.ts';

const FINGERPRINT = 'a'.repeat(64);

/** Edits the database behind its guard-rail triggers, as a database superuser could, then restores them. */
async function tamper(database: OpenDatabase, edit: () => Promise<void>): Promise<void> {
  const { db } = database;
  if (database.dialect === 'postgres') {
    const tables = ['ledger_entries', 'ledger_checkpoints', 'ledger_heads'];
    for (const t of tables) await sql.raw(`alter table ${t} disable trigger user`).execute(db);
    await edit();
    for (const t of tables) await sql.raw(`alter table ${t} enable trigger user`).execute(db);
    return;
  }
  const { rows } = await sql<{
    name: string;
    sql: string;
  }>`select name, sql from sqlite_master where type = 'trigger'`.execute(db);
  for (const { name } of rows) await sql.raw(`drop trigger ${name}`).execute(db);
  await edit();
  for (const trigger of rows) await sql.raw(trigger.sql).execute(db);
}

for (const backend of backends()) {
  describe(`log status and verifications on ${backend.name}`, { skip: backend.skip }, () => {
    let database: OpenDatabase;
    let services: EvidentServices;
    let app: FastifyInstance;
    let witnessDir: string;
    const acme: Partial<Record<Role, string>> = {};
    const globex: Partial<Record<Role, string>> = {};
    const token = (org: Partial<Record<Role, string>>, role: Role) => org[role] ?? '';

    before(async () => {
      database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      witnessDir = mkdtempSync(join(tmpdir(), 'evident-witness-'));
      services = testServices(database, { witnessDir });
      app = buildApp({ services, version: 'test', now: () => Date.now() });
      Object.assign(globex, await orgWithEveryRole(services, 'globex'));
      await paymentsFlow(services);
      Object.assign(acme, await orgWithEveryRole(services, 'acme'));
    });

    after(async () => {
      await app.close();
      await database.close();
    });

    const get = (org: string, url: string, secret: string) =>
      injectJson(app, 'GET', `/api/v1/orgs/${org}${url}`, secret);
    const verify = (org: string, secret: string) =>
      injectJson(app, 'POST', `/api/v1/orgs/${org}/log/verifications`, secret);
    const code = (response: { json: () => unknown }) => (response.json() as { code: string }).code;

    /** The status, checked against the tree head and the checkpoint the fixed endpoint serves. */
    async function status(org: string, secret: string): Promise<LogStatus> {
      const response = await get(org, '/log/status', secret);
      assert.equal(response.statusCode, 200, response.body);
      const answer = response.json<LogStatus>();
      const head = await services.ledgerStore.head(org);
      assert.ok(head !== undefined);
      assert.equal(answer.org, org);
      assert.equal(answer.size, head.size);
      assert.equal(answer.rootHash, toHex(head.rootHash));
      assert.deepEqual(answer.vkeys, [TEST_KEY.vkey]);
      const served = await get(org, '/log/checkpoint', secret);
      assert.ok(answer.checkpoint !== null);
      assert.equal(answer.checkpoint.note, served.body);
      assert.equal(answer.checkpoint.origin, `${TEST_ORIGIN}/${org}`);
      assert.equal(answer.checkpoint.size, head.size);
      assert.equal(answer.checkpoint.rootHash, answer.rootHash);
      assert.equal(answer.checkpoint.signedAt, head.lastAt, 'the time stored with the checkpoint');
      assert.equal(answer.checkpoint.problem, undefined);
      return answer;
    }

    test('a new org: its log holds its creation and tokens, signed; never verified yet', async () => {
      for (const role of ['reader', 'writer', 'reporter', 'approver', 'auditor', 'admin'] as const) {
        const answer = await status('globex', token(globex, role));
        assert.equal(answer.size, 7, 'org.created and six token.created');
        assert.equal(answer.lastVerification, null);
      }
      const list = await get('globex', '/log/verifications', token(globex, 'reader'));
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json(), { verifications: [] });
    });

    test('after writes the status follows the log', async () => {
      const before = await status('acme', token(acme, 'reader'));
      await recordBuild(services, { trail: 'build-1', fingerprint: FINGERPRINT, passed: true });
      const later = await status('acme', token(acme, 'reader'));
      assert.equal(later.size, before.size + 3);
      assert.notEqual(later.rootHash, before.rootHash);
      assert.ok((later.checkpoint?.signedAt ?? '') > (before.checkpoint?.signedAt ?? ''));
    });

    test('only admins and auditors verify; another org’s token gets 404 everywhere', async () => {
      for (const role of ['writer', 'reporter', 'approver', 'reader'] as const) {
        const refused = await verify('acme', token(acme, role));
        assert.equal(refused.statusCode, 403, role);
        assert.equal(code(refused), 'forbidden');
      }
      assert.equal((await verify('acme', '')).statusCode, 401);
      for (const response of [
        await verify('acme', token(globex, 'admin')),
        await get('acme', '/log/status', token(globex, 'admin')),
        await get('acme', '/log/verifications', token(globex, 'auditor')),
      ]) {
        assert.equal(response.statusCode, 404, response.body);
        assert.equal(code(response), 'not_found');
      }
      const list = await get('acme', '/log/verifications', token(acme, 'admin'));
      assert.deepEqual(list.json(), { verifications: [] }, 'refusals recorded nothing');
    });

    test('a verification of an intact log is ok, recorded, and shown as the last one', async () => {
      const size = (await status('acme', token(acme, 'reader'))).size;
      const response = await verify('acme', token(acme, 'auditor'));
      assert.equal(response.statusCode, 201, response.body);
      const run = response.json<VerificationRun>();
      assert.equal(run.ok, true, response.body);
      assert.equal(run.size, size);
      assert.equal(run.rootHash, (await status('acme', token(acme, 'reader'))).rootHash);
      assert.equal(run.findingCount, 0);
      assert.deepEqual(run.findings, []);
      assert.equal(run.by.type, 'token');
      assert.equal(run.by.role, 'auditor');
      assert.ok(run.startedAt <= run.finishedAt);
      assert.deepEqual((await status('acme', token(acme, 'reader'))).lastVerification, run);
      assert.equal((await status('globex', token(globex, 'reader'))).lastVerification, null);
    });

    test('one verification per org at a time: a second one meanwhile is a 409', async () => {
      const [first, second] = await Promise.all([
        verify('acme', token(acme, 'admin')),
        verify('acme', token(acme, 'auditor')),
      ]);
      assert.deepEqual([first.statusCode, second.statusCode].sort(), [201, 409]);
      const refused = first.statusCode === 409 ? first : second;
      assert.equal(code(refused), 'conflict');
      assert.match(refused.json<{ detail: string }>().detail, /already running/);
      // Another org is not held up.
      const [a, g] = await Promise.all([
        verify('acme', token(acme, 'admin')),
        verify('globex', token(globex, 'admin')),
      ]);
      assert.deepEqual([a.statusCode, g.statusCode], [201, 201]);
    });

    test(
      'with several processes on PostgreSQL, a run held by another process is a 409 too',
      { skip: backend.name === 'postgres' ? false : 'PostgreSQL only: SQLite has one process' },
      async () => {
        await database.db.transaction().execute(async (trx) => {
          // What another server process's run holds while it verifies acme.
          await sql`select pg_advisory_xact_lock(hashtextextended(${'evident.verify/acme'}, 0))`.execute(trx);
          const refused = await verify('acme', token(acme, 'auditor'));
          assert.equal(refused.statusCode, 409, refused.body);
          assert.match(refused.json<{ detail: string }>().detail, /another server process/);
          assert.equal((await verify('globex', token(globex, 'auditor'))).statusCode, 201);
        });
        assert.equal((await verify('acme', token(acme, 'auditor'))).statusCode, 201, 'released');
      },
    );

    test('runs are listed newest first; limit caps the page', async () => {
      const all = (await get('acme', '/log/verifications?limit=100', token(acme, 'reader'))).json<{
        verifications: VerificationRun[];
      }>().verifications;
      assert.ok(all.length >= 3);
      const starts = all.map((r) => r.startedAt);
      assert.deepEqual(starts, [...starts].sort().reverse());
      const latest = (await status('acme', token(acme, 'reader'))).lastVerification;
      assert.deepEqual(all[0], latest);
      const page = await get('acme', '/log/verifications?limit=2', token(acme, 'reader'));
      assert.deepEqual(page.json<{ verifications: VerificationRun[] }>().verifications, all.slice(0, 2));
      for (const bad of ['0', '101', 'x', '-1']) {
        const refused = await get('acme', `/log/verifications?limit=${bad}`, token(acme, 'reader'));
        assert.equal(refused.statusCode, 400, bad);
      }
      assert.ok(all.every((r) => !JSON.stringify(r).includes('globex')));
    });

    test('a witness checkpoint the log does not cover is found, without the server’s folders', async () => {
      const { size } = await status('globex', token(globex, 'reader'));
      writeFileSync(
        join(witnessDir, 'globex.checkpoint'),
        services.signer.sign('globex', size + 5, new Uint8Array(32).fill(1)),
      );
      const run = (await verify('globex', token(globex, 'auditor'))).json<VerificationRun>();
      assert.equal(run.ok, false);
      assert.deepEqual(
        run.findings.map((f) => [f.kind, f.message]),
        [
          [
            'witness',
            `checkpoint from the witness file globex.checkpoint covers ${size + 5} entries, but the log holds only ${size}: entries were removed`,
          ],
        ],
      );
      assert.ok(!JSON.stringify(run).includes(witnessDir));
      // acme's own run does not look at globex's witness.
      const other = (await verify('acme', token(acme, 'auditor'))).json<VerificationRun>();
      assert.equal(other.ok, true, JSON.stringify(other));
      writeFileSync(
        join(witnessDir, 'globex.checkpoint'),
        (await get('globex', '/log/checkpoint', token(globex, 'reader'))).body,
      );
      assert.equal((await verify('globex', token(globex, 'auditor'))).json<VerificationRun>().ok, true);
    });

    test("a tampered entry fails its own org's verification only, and names no other org", async () => {
      const { size } = await status('acme', token(acme, 'reader'));
      const trail = await database.db
        .selectFrom('ledger_entries')
        .select(['idx', 'entry'])
        .where('org', '=', 'acme')
        .orderBy('idx')
        .execute();
      const target = trail.find((e) => Buffer.from(e.entry).toString().includes('"build-1"'));
      assert.ok(target !== undefined);
      await tamper(database, async () => {
        await database.db
          .updateTable('ledger_entries')
          .set({ entry: Buffer.from(Buffer.from(target.entry).toString().replace('"build-1"', '"build-X"')) })
          .where('org', '=', 'acme')
          .where('idx', '=', target.idx)
          .execute();
      });

      const response = await verify('acme', token(acme, 'admin'));
      assert.equal(response.statusCode, 201, response.body);
      const run = response.json<VerificationRun>();
      assert.equal(run.ok, false);
      assert.equal(run.size, size);
      assert.ok(run.findingCount >= run.findings.length && run.findings.length > 0);
      const kinds = new Set(run.findings.map((f) => f.kind));
      assert.ok(kinds.has('leaf_hash'), [...kinds].join());
      assert.ok(kinds.has('projection'), [...kinds].join());
      assert.ok(
        run.findings.some((f) => f.kind === 'leaf_hash' && f.index === target.idx),
        'names the entry',
      );
      assert.ok(!response.body.includes('globex'));
      assert.deepEqual((await status('acme', token(acme, 'reader'))).lastVerification, run);

      const intact = await verify('globex', token(globex, 'auditor'));
      assert.equal(intact.statusCode, 201, intact.body);
      assert.equal(intact.json<VerificationRun>().ok, true, intact.body);
      assert.ok(!intact.body.includes('acme'));
      assert.ok(!(await get('globex', '/log/status', token(globex, 'reader'))).body.includes('acme'));
    });
  });
}
