// Two `evident server` processes appending concurrently to one PostgreSQL database must produce one
// consistent, gapless log (issue #2, DESIGN §3 "Sequencing", §6).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hashFromHex } from '../src/core/ledger/merkleHash.ts';
import { verifyConsistency } from '../src/core/ledger/proofVerify.ts';
import { verifyReceipt } from '../src/core/ledger/receiptVerify.ts';
import { verifierFromVkey } from '../src/core/ledger/signedNote.ts';
import type { Receipt } from '../src/service/receipt.ts';
import { runCli } from './support/cli.ts';
import { findPostgresBin, startPostgres, type PostgresCluster } from './support/postgres.ts';
import { startServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'B'.repeat(43)}`;
const skip =
  findPostgresBin() === undefined && process.env.CI !== 'true' ? 'PostgreSQL is not installed' : false;
let cluster: PostgresCluster | undefined;
const dir = mkdtempSync(join(tmpdir(), 'evident-two-'));

before(async () => {
  cluster = await startPostgres();
});
after(() => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'two server processes on one PostgreSQL database write one gapless, consistent log',
  { skip },
  async () => {
    assert.ok(cluster);
    const databaseUrl = await cluster.createDatabase('two_servers');
    const common = ['--database-url', databaseUrl, '--key-dir', join(dir, 'keys'), '--origin', 'evident.two'];
    const env = { EVIDENT_BOOTSTRAP_TOKEN: TOKEN };
    const a = await startServerProcess([...common, '--data-dir', join(dir, 'a')], env);
    const b = await startServerProcess([...common, '--data-dir', join(dir, 'b')], env);
    try {
      const put = async (base: string, i: number): Promise<Receipt> => {
        const response = await fetch(`${base}/api/v1/orgs/default/flows/flow-${i}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ description: `written through ${base}` }),
        });
        assert.ok(response.ok, await response.clone().text());
        return ((await response.json()) as { receipt: Receipt }).receipt;
      };
      // 16 concurrent clients, alternating between the two processes.
      const receipts: Receipt[] = [];
      await Promise.all(
        Array.from({ length: 16 }, async (_, client) => {
          for (let i = client; i < 400; i += 16) receipts.push(await put(i % 2 === 0 ? a.url : b.url, i));
        }),
      );
      const vkey = (await (await fetch(`${a.url}/api/v1/log/key`)).text()).trim();
      assert.equal((await (await fetch(`${b.url}/api/v1/log/key`)).text()).trim(), vkey);
      const verifier = verifierFromVkey(vkey);
      const indices = receipts.map((r) => r.index).sort((x, y) => x - y);
      assert.deepEqual(
        indices,
        Array.from({ length: 400 }, (_, i) => i + 2),
        'gapless, each write exactly once',
      );
      const checkpoints = new Map<number, Uint8Array>();
      for (const receipt of receipts) {
        const checkpoint = verifyReceipt(receipt, [verifier]);
        assert.equal(checkpoint.origin, 'evident.two/default');
        checkpoints.set(checkpoint.size, checkpoint.rootHash);
      }
      // Every checkpoint either process signed is consistent with the final tree.
      const sizes = [...checkpoints.keys()].sort((x, y) => x - y);
      const last = sizes.at(-1)!;
      assert.equal(last, 402);
      for (const size of sizes) {
        const response = await fetch(
          `${b.url}/api/v1/orgs/default/log/proofs/consistency?from=${size}&to=${last}`,
          {
            headers: { authorization: `Bearer ${TOKEN}` },
          },
        );
        const proof = (await response.json()) as { hashes: string[] };
        verifyConsistency(
          size,
          last,
          proof.hashes.map(hashFromHex),
          checkpoints.get(size)!,
          checkpoints.get(last)!,
        );
      }
    } finally {
      await a.stop();
      await b.stop();
    }
    const result = await runCli([
      'verify',
      '--data-dir',
      join(dir, 'a'),
      '--database-url',
      databaseUrl,
      '--key-dir',
      join(dir, 'keys'),
    ]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /default: 402 entries/);
  },
);
