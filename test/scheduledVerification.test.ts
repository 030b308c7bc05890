// DESIGN §3 Verification, run by the server itself (`evident server --verify-every`): each org's log
// is verified when its latest run is as old as the interval — a run asked for by an auditor counts —
// and a run that finds tampering is recorded and logged as an error, also under --quiet.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { VerificationRun } from '../src/core/model/verificationRun.ts';
import { openDatabase } from '../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { httpApi } from './support/httpApi.ts';
import { startServerProcess } from './support/serverProcess.ts';
import { TEST_ORIGIN, orgWithEveryRole, testServices } from './support/services.ts';

const ADMIN = `evd_${'V'.repeat(43)}`;
const HOUR = 3_600_000;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-scheduled-'));
  dirs.push(dir);
  return dir;
};

test('a run is due when the latest one, by anyone, is as old as the interval', async () => {
  const database = await openDatabase({ sqlitePath: ':memory:' });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  let clock = Date.parse('2026-11-22T00:00:00Z');
  const services = testServices(database, { now: () => clock });
  try {
    await orgWithEveryRole(services, 'acme');
    await orgWithEveryRole(services, 'globex');
    const due = async () =>
      (await services.verifications.verifyDue(HOUR)).map(({ org, run }) => `${org} ${run.ok} ${run.by.type}`);

    assert.deepEqual(await due(), ['acme true system', 'globex true system'], 'never verified: both');
    clock += HOUR / 2;
    assert.deepEqual(await due(), [], 'verified half an hour ago: neither');
    clock += HOUR / 3;
    await services.verifications.run('acme', { type: 'user', username: 'auditor' });
    clock += HOUR / 3;
    assert.deepEqual(await due(), ['globex true system'], "acme's auditor verified it 20 minutes ago");
    assert.deepEqual(
      (await services.verifications.list('acme', 10)).map((r) => r.by.type),
      ['user', 'system'],
    );
  } finally {
    await database.close();
  }
});

test('evident server --verify-every finds tampering by itself and logs it as an error', async () => {
  const dataDir = tempDir();
  const server = await startServerProcess(['--data-dir', dataDir, '--verify-every', '1s'], {
    EVIDENT_BOOTSTRAP_TOKEN: ADMIN,
  });
  try {
    const api = httpApi(server.url, ADMIN);
    await api.put('/api/v1/orgs/default/flows/payments', { description: 'Payments API' });
    const runs = async () =>
      (await api.get<{ verifications: VerificationRun[] }>('/api/v1/orgs/default/log/verifications'))
        .verifications;
    const waitFor = async (what: string, found: (list: VerificationRun[]) => boolean) => {
      for (let i = 0; i < 150; i++) {
        const list = await runs();
        if (found(list)) return list;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`no ${what} within 15 s:\n${server.output()}`);
    };
    const clean = await waitFor('clean scheduled run', (list) =>
      list.some((r) => r.by.type === 'system' && r.ok && r.size >= 2),
    );
    assert.equal(clean[0]?.findingCount, 0);

    // A database administrator edits a projection row behind the server's back.
    const sqlite = new Database(join(dataDir, 'evident.db'));
    sqlite.prepare("update flows set description = 'Nothing to see' where name = 'payments'").run();
    sqlite.close();

    const [latest] = await waitFor('run finding the edit', (list) => list[0]?.ok === false);
    assert.ok(latest);
    assert.equal(latest.by.type, 'system');
    assert.match(JSON.stringify(latest.findings), /flows/);
    // Logged just after it is recorded.
    for (let i = 0; i < 50 && !/FOUND/.test(server.output()); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(server.output(), /scheduled verification of default FOUND \d+ PROBLEM/);
  } finally {
    await server.stop();
  }

  // A restart does not hide it until the next run is due.
  const restarted = await startServerProcess(['--data-dir', dataDir, '--verify-every', '1h']);
  try {
    for (let i = 0; i < 50 && !/FOUND/.test(restarted.output()); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(restarted.output(), /verify: +each org's log when its last verification is 1h old/);
    assert.match(restarted.output(), /the last verification of default \(\S+\) FOUND \d+ PROBLEM\(S\)/);
  } finally {
    await restarted.stop();
  }
});

test('a --verify-every that is not an interval is refused before anything starts', async () => {
  const dataDir = join(tempDir(), 'never-created');
  await assert.rejects(
    startServerProcess(['--data-dir', dataDir, '--verify-every', '10 minutes']),
    /--verify-every takes a number with s, m, h or d between 1s and 365d \(24h, 30m\), or off \(0\); not "10 minutes"/,
  );
  await assert.rejects(startServerProcess(['--data-dir', dataDir, '--verify-every', '0s']), /not "0s"/);
  assert.equal(existsSync(dataDir), false);
});
