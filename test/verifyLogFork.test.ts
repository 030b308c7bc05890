// The auditor's log check (issue #8 §3, DESIGN §3 "Clients hold the server to account"): `evident
// verify log --checkpoint FILE`, run by the built CLI with a fresh client state, proves with a
// consistency proof from the server that the live log extends a checkpoint saved earlier — and a log
// rewritten behind the same URL, origin and signing key (longer, shorter or as long) fails with exit 5.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startServer, type RunningServer } from '../src/server/startServer.ts';
import { runCli } from './support/cli.ts';
import { freePort } from './support/postgres.ts';

const TOKEN = `evd_${'V'.repeat(43)}`;
const root = mkdtempSync(join(tmpdir(), 'evident-verify-log-'));
after(() => rmSync(root, { recursive: true, force: true }));

function serve(name: string, port: number): Promise<RunningServer> {
  return startServer({
    dataDir: join(root, name),
    keyDir: join(root, 'keys'),
    origin: 'evident.audit',
    host: '127.0.0.1',
    port,
    version: 'test',
    bootstrapToken: TOKEN,
    logger: false,
  });
}

async function grow(server: RunningServer, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.url}/api/v1/orgs/default/flows/${prefix}-${i}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: `${prefix} history` }),
    });
    assert.ok(response.ok, await response.text());
  }
}

async function checkpointOf(server: RunningServer): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/orgs/default/log/checkpoint`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return response.text();
}

const sizeOf = (note: string) => Number(note.split('\n')[1]);

test('verify log --checkpoint proves the live log extends a saved checkpoint, and catches every fork', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  let runs = 0;
  // A fresh client state every time: the saved checkpoint alone must expose the fork.
  const verifyLog = async (saved: string, code: number, vkey: string) => {
    const result = await runCli(['verify', 'log', '--checkpoint', saved, '--vkey', vkey], {
      EVIDENT_HOST: host,
      EVIDENT_API_TOKEN: TOKEN,
      EVIDENT_STATE_DIR: join(root, `state-${runs++}`),
    });
    assert.equal(result.code, code, `${result.stdout}${result.stderr}`);
    return result;
  };
  const saved = join(root, 'audit.checkpoint');

  const honest = await serve('honest', port);
  let vkey = '';
  let savedSize = 0;
  try {
    vkey = (await (await fetch(`${host}/api/v1/log/key`)).text()).trim().split('\n').at(-1)!;
    await grow(honest, 'original', 5);
    const note = await checkpointOf(honest);
    writeFileSync(saved, note);
    savedSize = sizeOf(note);
    // Same size: equal roots suffice.
    assert.match((await verifyLog(saved, 0, vkey)).stdout, /extends the saved checkpoint of size \d+/);
    await grow(honest, 'later', 3);
    const grown = await verifyLog(saved, 0, vkey);
    assert.match(
      grown.stdout,
      new RegExp(`has ${savedSize + 3} entries, .*extends the saved checkpoint of size ${savedSize}\\n$`),
    );
    // A saved file whose signature does not verify (its origin, or one character of its root,
    // changed) is bad input, exit 2, like a file that is no checkpoint at all: not evidence of a fork.
    const other = join(root, 'other-org.checkpoint');
    writeFileSync(other, note.replace('evident.audit/default', 'evident.audit/other'));
    assert.match(
      (await verifyLog(other, 2, vkey)).stderr,
      /other-org\.checkpoint is not a checkpoint signed by a trusted key \(/,
    );
    const lines = note.split('\n');
    const rootLine = lines[2] ?? '';
    lines[2] = `${rootLine[0] === 'A' ? 'B' : 'A'}${rootLine.slice(1)}`;
    writeFileSync(join(root, 'forged.checkpoint'), lines.join('\n'));
    const forged = await verifyLog(join(root, 'forged.checkpoint'), 2, vkey);
    assert.match(forged.stderr, /forged\.checkpoint is not a checkpoint signed by a trusted key \(/);
    assert.doesNotMatch(forged.stderr, /does not extend/);
    writeFileSync(join(root, 'garbage.checkpoint'), 'not a checkpoint\n');
    await verifyLog(join(root, 'garbage.checkpoint'), 2, vkey);
    // Without --vkey on a fresh state, the server's key is trusted on first use, and that is said.
    const tofuEnv = {
      EVIDENT_HOST: host,
      EVIDENT_API_TOKEN: TOKEN,
      EVIDENT_STATE_DIR: join(root, 'state-tofu'),
    };
    const tofu = await runCli(['verify', 'log'], tofuEnv);
    assert.equal(tofu.code, 0, tofu.stdout + tofu.stderr);
    assert.match(tofu.stdout, /^OK: .* signed and consistent/);
    assert.equal(
      tofu.stderr,
      `trusting the server's key on first use: ${vkey}; pass --vkey to check against a key you got another way\n`,
    );
    const pinned = await runCli(['verify', 'log'], tofuEnv);
    assert.equal(pinned.code, 0, pinned.stdout + pinned.stderr);
    assert.equal(pinned.stderr, '');
    assert.equal((await verifyLog(saved, 0, vkey)).stderr, '');
  } finally {
    await honest.close();
  }

  // The same URL, origin and key serve another history: longer, as long, and shorter.
  for (const [name, extra, message] of [
    ['longer', 9, /no valid consistency proof from size \d+ to \d+/],
    ['as-long', 5, /two different trees of the same size/],
    ['shorter', 2, /the live log has \d+ entries, fewer than the \d+ of the saved checkpoint/],
  ] as const) {
    const fork = await serve(`fork-${name}`, port);
    try {
      await grow(fork, `rewritten-${name}`, extra);
      const note = await checkpointOf(fork);
      if (name === 'as-long') assert.equal(sizeOf(note), savedSize);
      const result = await verifyLog(saved, 5, vkey);
      assert.match(result.stderr, /the live log does not extend the saved checkpoint/);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /--- saved checkpoint ---\nevident\.audit\/default\n/);
      assert.equal(readFileSync(saved, 'utf8').split('\n')[1], String(savedSize));
    } finally {
      await fork.close();
    }
  }
});
