// The outage story of issue #4 against a real server: unreachable → spooled (exit 4, or fail-open) →
// server up → flush → recorded exactly once; retries never duplicate a record.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import { startServer, type RunningServer } from '../../server/startServer.ts';
import { freePort } from '../../../test/support/postgres.ts';
import { ApiClient } from './apiClient.ts';
import { flushSpool, sendOrSpool } from './delivery.ts';
import { Spool } from './spool.ts';

const TOKEN = `evd_${'E'.repeat(43)}`;
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-spool-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const noWait = () => Promise.resolve();

async function entryCount(server: RunningServer): Promise<number> {
  return (await server.services.ledgerStore.head('default'))?.size ?? 0;
}

test('server down: the record is spooled (exit 4 or fail-open); server up: flushed exactly once', async () => {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const spool = new Spool(join(temp(), 'spool'));
  let attempts = 0;
  const client = new ApiClient({
    host,
    token: TOKEN,
    retries: 3,
    sleep: noWait,
    fetch: (input, init) => {
      attempts += 1;
      return fetch(input, init);
    },
  });
  const record = (name: string) => ({
    host,
    method: 'PUT' as const,
    path: `/api/v1/orgs/default/flows/${name}`,
    body: { description: `recorded during an outage: ${name}` },
    idempotencyKey: `key-${name}`,
    spooledAt: new Date().toISOString(),
  });

  await assert.rejects(sendOrSpool(client, spool, record('payments'), false), (e) =>
    isEvidentError(e, 'unavailable'),
  );
  assert.equal(attempts, 4, 'the first try and three retries');
  const open = await sendOrSpool(client, spool, record('ledger'), true);
  assert.ok('spooled' in open, 'fail-open: no error, the record waits');
  assert.equal(spool.list().length, 2);

  const dataDir = temp();
  const server = await startServer({
    dataDir,
    host: '127.0.0.1',
    port,
    version: 'test',
    bootstrapToken: TOKEN,
  });
  try {
    const before = await entryCount(server);
    // One record already reached the server before the outage ended (its answer was lost).
    await client.request('PUT', record('payments').path, {
      body: record('payments').body,
      idempotencyKey: 'key-payments',
    });
    const result = await flushSpool(spool, () => client);
    assert.deepEqual(result, { sent: 2, rejected: 0, remaining: 0 });
    assert.equal(spool.list().length, 0);
    assert.equal(await entryCount(server), before + 2, 'each flow recorded exactly once');
    assert.deepEqual(await flushSpool(spool, () => client), { sent: 0, rejected: 0, remaining: 0 });

    // A record the server refuses (bad name) is set aside with its reason, not retried forever.
    spool.add({ ...record('bad name'), idempotencyKey: 'key-bad' });
    assert.deepEqual(await flushSpool(spool, () => client), { sent: 0, rejected: 1, remaining: 0 });
    assert.equal(readdirSync(join(dirs[0]!, 'spool', 'rejected')).length, 2);
  } finally {
    await server.close();
  }
});

test('retries on 5xx and 429 honour Retry-After, then succeed; 4xx is not retried', async () => {
  // A real HTTP server on 127.0.0.1 that is busy twice, then answers; and one that always refuses.
  const script = [
    { status: 503, headers: {}, body: '{"code":"unavailable","detail":"busy"}' },
    { status: 429, headers: { 'retry-after': '2' }, body: '' },
    { status: 200, headers: {}, body: '{"ok":true}' },
  ];
  const seen: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers['idempotency-key'] as string | undefined);
    const next = script.shift() ?? { status: 403, headers: {}, body: '{"code":"forbidden","detail":"no"}' };
    response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers }).end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const waits: number[] = [];
  const client = new ApiClient({
    host: `http://127.0.0.1:${port}`,
    token: TOKEN,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
  });
  try {
    const answer = await client.request('PUT', '/x', { body: { a: 1 }, idempotencyKey: 'same-key' });
    assert.deepEqual(answer.body, { ok: true });
    assert.deepEqual(waits, [375, 2000], 'jittered backoff, then what Retry-After asked');
    assert.deepEqual(seen, ['same-key', 'same-key', 'same-key'], 'every retry carries the same key');
    await assert.rejects(client.request('PUT', '/x', { body: {} }), (e) => isEvidentError(e, 'forbidden'));
    assert.equal(seen.length, 4, 'a 4xx is not retried');
  } finally {
    server.close();
  }
});

test('an evidence file is streamed whole on every attempt, with its length', async () => {
  const dir = temp();
  const file = join(dir, 'scan.sarif');
  const bytes = randomBytes(3 * 1024 * 1024 + 7);
  writeFileSync(file, bytes);
  const received: { length: string | undefined; digest: string }[] = [];
  const server = createServer((request, response) => {
    const hash = createHash('sha256');
    request.on('data', (chunk: Buffer) => hash.update(chunk));
    request.on('end', () => {
      received.push({ length: request.headers['content-length'], digest: hash.digest('hex') });
      const status = received.length === 1 ? 503 : 201;
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const client = new ApiClient({ host: `http://127.0.0.1:${port}`, token: TOKEN, sleep: noWait });
    const sent = await client.request('PUT', '/api/v1/orgs/default/evidence/x', {
      raw: { file, contentType: 'application/octet-stream' },
    });
    assert.equal(sent.status, 201);
  } finally {
    server.close();
  }
  const expected = { length: String(bytes.length), digest: createHash('sha256').update(bytes).digest('hex') };
  assert.deepEqual(received, [expected, expected]);
});
