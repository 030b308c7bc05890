// Receipts and checkpoints checked by the client against real servers; a log swapped behind the same
// URL, origin and key (a fork) is caught with exit 5 (issue #4 §6, DESIGN §3).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import type { ReceiptLike } from '../../core/ledger/receiptVerify.ts';
import { generateSignerKey } from '../../core/ledger/signedNote.ts';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { freePort } from '../../../test/support/postgres.ts';
import { ApiClient } from './apiClient.ts';
import { LogWitness } from './logWitness.ts';

const TOKEN = `evd_${'F'.repeat(43)}`;
const root = mkdtempSync(join(tmpdir(), 'evident-witness-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function serve(name: string, port: number): Promise<RunningServer> {
  return startServer({
    dataDir: join(root, name),
    keyDir: join(root, 'keys'),
    origin: 'evident.fork',
    host: '127.0.0.1',
    port,
    version: 'test',
    bootstrapToken: TOKEN,
    logger: false,
  });
}

async function write(client: ApiClient, witness: LogWitness, flow: string): Promise<ReceiptLike> {
  const { body } = await client.request('PUT', `/api/v1/orgs/default/flows/${flow}`, {
    body: { description: flow },
  });
  const { receipt } = body as { receipt: ReceiptLike };
  await witness.checkReceipt('default', receipt);
  return receipt;
}

test('receipts verify and the log only grows; the same URL serving another log is a fork (tampered)', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const client = new ApiClient({ host, token: TOKEN, retries: 0 });
  const witness = new LogWitness(join(root, 'client-state'), client, host);

  const a = await serve('a', port);
  try {
    for (const flow of ['one', 'two', 'three']) await write(client, witness, flow);
    const { text } = await client.request('GET', '/api/v1/orgs/default/log/checkpoint', {
      accept: 'text/plain',
    });
    assert.equal((await witness.checkCheckpoint('default', text)).size, 5);
  } finally {
    await a.close();
  }

  // Same URL, same origin, same signing key — but a different, longer history: no consistency proof.
  const b = await serve('b', port);
  try {
    for (const flow of ['p', 'q', 'r', 's', 't']) {
      await client.request('PUT', `/api/v1/orgs/default/flows/${flow}`, { body: {} });
    }
    await assert.rejects(
      write(client, witness, 'x'),
      (e) =>
        isEvidentError(e, 'tampered') &&
        /no valid consistency proof from size 5 to 8/.test(e.message) &&
        /checkpoint seen before[\s\S]*evident\.fork\/default\n5\n/.test(e.message),
    );
  } finally {
    await b.close();
  }

  // …and a shorter one: the server cannot prove the checkpoint this client saw.
  const c = await serve('d', port);
  try {
    await assert.rejects(
      write(client, witness, 'y'),
      (e) => isEvidentError(e, 'tampered') && /cannot prove size 3 to 5/.test(e.message),
    );
  } finally {
    await c.close();
  }
});

test('a receipt signed by a key other than the configured one is tampered', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const server = await serve('c', port);
  try {
    const client = new ApiClient({ host, token: TOKEN, retries: 0 });
    const stranger = generateSignerKey('evident.fork', new Uint8Array(32).fill(9)).vkey;
    const witness = new LogWitness(join(root, 'other-state'), client, host, [stranger]);
    await assert.rejects(write(client, witness, 'anything'), (e) => isEvidentError(e, 'tampered'));
  } finally {
    await server.close();
  }
});
