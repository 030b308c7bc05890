// The server as a process: a crash (SIGKILL) in the middle of concurrent writes loses no acknowledged
// write ("durable before ack", DESIGN §9) and leaves a log that verifies; key rotation keeps old
// checkpoints verifiable (DESIGN §3 "Checkpoints").
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { formatCheckpoint, parseCheckpoint } from '../src/core/ledger/checkpoint.ts';
import { verifyReceipt } from '../src/core/ledger/receiptVerify.ts';
import { openNote, signerFromSkey, signNote, verifierFromVkey } from '../src/core/ledger/signedNote.ts';
import { loadKeyRing } from '../src/storage/keyFiles.ts';
import type { Receipt } from '../src/service/receipt.ts';
import { runCli } from './support/cli.ts';
import { startServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'C'.repeat(43)}`;
const env = { EVIDENT_BOOTSTRAP_TOKEN: TOKEN };
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evident-life-'));
  dirs.push(dir);
  return dir;
}

async function putFlow(base: string, name: string): Promise<Receipt> {
  const response = await fetch(`${base}/api/v1/orgs/default/flows/${name}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ description: name }),
  });
  assert.ok(response.ok, `HTTP ${response.status}`);
  return ((await response.json()) as { receipt: Receipt }).receipt;
}

async function entries(base: string, start: number, end: number) {
  const response = await fetch(`${base}/api/v1/orgs/default/log/entries?start=${start}&end=${end}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return ((await response.json()) as { entries: { index: number; leafHash: string }[] }).entries;
}

test('SIGKILL during concurrent writes: every acknowledged write survives and the log verifies', async () => {
  const dir = dataDir();
  const server = await startServerProcess(['--data-dir', dir], env);
  const acknowledged: Receipt[] = [];
  let crashed = false;
  const writers = Array.from({ length: 16 }, async (_, w) => {
    for (let i = 0; !crashed; i++) {
      try {
        acknowledged.push(await putFlow(server.url, `w${w}-${i}`));
      } catch {
        return; // the connection died with the server
      }
    }
  });
  while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 10));
  crashed = true;
  await server.stop('SIGKILL');
  await Promise.all(writers);

  const restarted = await startServerProcess(['--data-dir', dir], env);
  try {
    const vkey = (await (await fetch(`${restarted.url}/api/v1/log/key`)).text()).trim();
    const note = await (
      await fetch(`${restarted.url}/api/v1/orgs/default/log/checkpoint`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).text();
    const { size } = parseCheckpoint(openNote(note, [verifierFromVkey(vkey)]).text);
    const stored = new Map<number, string>();
    for (let start = 0; start < size; start += 1000) {
      for (const e of await entries(restarted.url, start, size)) stored.set(e.index, e.leafHash);
    }
    assert.equal(stored.size, size);
    for (const receipt of acknowledged)
      assert.equal(stored.get(receipt.index), receipt.leafHash, `entry ${receipt.index}`);
    // The log goes on, gapless, after the crash.
    assert.equal((await putFlow(restarted.url, 'after-crash')).index, size);
  } finally {
    await restarted.stop();
  }
  const result = await runCli(['verify', '--data-dir', dir]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('key rotation: the new key signs, both are published, old receipts and the whole log verify', async () => {
  const dir = dataDir();
  const first = await startServerProcess(['--data-dir', dir, '--origin', 'evident.rotate'], env);
  const before = await putFlow(first.url, 'before');
  await first.stop();
  const rotated = await runCli(['keys', 'rotate', '--data-dir', dir]);
  assert.equal(rotated.code, 0, rotated.stderr);
  const second = await startServerProcess(['--data-dir', dir], env);
  try {
    const vkeys = (await (await fetch(`${second.url}/api/v1/log/key`)).text()).trim().split('\n');
    assert.equal(vkeys.length, 2);
    assert.ok(vkeys.every((k) => k.startsWith('evident.rotate+')));
    const [oldKey, newKey] = vkeys.map(verifierFromVkey) as [
      ReturnType<typeof verifierFromVkey>,
      ReturnType<typeof verifierFromVkey>,
    ];
    const afterRotation = await putFlow(second.url, 'after');
    // Old receipt: signed by the old key only; new one by the new key only.
    assert.deepEqual(
      openNote(before.checkpoint, [oldKey, newKey])
        .signatures.filter((s) => s.verified)
        .map((s) => s.keyId),
      [oldKey.keyId],
    );
    assert.deepEqual(
      openNote(afterRotation.checkpoint, [oldKey, newKey])
        .signatures.filter((s) => s.verified)
        .map((s) => s.keyId),
      [newKey.keyId],
    );
    for (const receipt of [before, afterRotation]) verifyReceipt(receipt, [oldKey, newKey]);
  } finally {
    await second.stop();
  }
  const listed = await runCli(['keys', 'list', '--data-dir', dir]);
  assert.equal(listed.stdout.trim().split('\n').length, 2);
  const result = await runCli(['verify', '--data-dir', dir]);
  assert.equal(result.code, 0, result.stdout + result.stderr);
});

test('verify runs against a live server (one snapshot), writes nothing, and refuses bad --checkpoint input', async () => {
  const dir = dataDir();
  const server = await startServerProcess(['--data-dir', dir], env);
  let writing = true;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; writing; i++) await putFlow(server.url, `live-${w}-${i}`);
  });
  try {
    for (let run = 0; run < 3; run++) {
      const result = await runCli(['verify', '--data-dir', dir]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    }
  } finally {
    writing = false;
    await Promise.all(writers);
    await server.stop();
  }
  const digest = () =>
    createHash('sha256')
      .update(readFileSync(join(dir, 'evident.db')))
      .digest('hex');
  const before = digest();
  const ok = await runCli(['verify', '--data-dir', dir, '--output', 'json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { ok: boolean }).ok, true);
  assert.equal(digest(), before, 'verify wrote to the database');

  const garbage = join(dir, 'garbage.txt');
  writeFileSync(garbage, 'not a checkpoint\n');
  // Signed by this server's own key, but for a log the database does not hold.
  const foreign = join(dir, 'foreign.txt');
  const [skey] = loadKeyRing(join(dir, 'keys')).skeys;
  const text = formatCheckpoint({ origin: 'somewhere.else/default', size: 1, rootHash: new Uint8Array(32) });
  writeFileSync(foreign, signNote(text, [signerFromSkey(skey!)]));
  for (const file of [join(dir, 'missing.txt'), garbage, foreign]) {
    const refused = await runCli(['verify', '--data-dir', dir, '--checkpoint', file]);
    assert.equal(refused.code, 2, `${file}: ${refused.stdout}${refused.stderr}`);
    assert.match(refused.stderr, /checkpoint/);
  }
});

test('EVIDENT_BOOTSTRAP_TOKEN counts on the first start only', async () => {
  const dir = dataDir();
  const first = await startServerProcess(['--data-dir', dir], env);
  assert.match(first.output(), /admin token for org "default": the one in EVIDENT_BOOTSTRAP_TOKEN/);
  assert.doesNotMatch(first.output(), new RegExp(TOKEN));
  await first.stop();
  const later = `evd_${'D'.repeat(43)}`;
  const second = await startServerProcess(['--data-dir', dir], { EVIDENT_BOOTSTRAP_TOKEN: later });
  try {
    const response = await fetch(`${second.url}/api/v1/orgs/default/flows`, {
      headers: { authorization: `Bearer ${later}` },
    });
    assert.equal(response.status, 401);
    assert.doesNotMatch(second.output(), /admin token/);
  } finally {
    await second.stop();
  }
  const bad = await runCli(['server', '--data-dir', join(dir, 'fresh'), '--port', '0'], {
    EVIDENT_BOOTSTRAP_TOKEN: 'short',
  });
  assert.equal(bad.code, 2, bad.stderr);
  assert.equal(existsSync(join(dir, 'fresh')), false, 'nothing was created');
});
