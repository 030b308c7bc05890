// `evident server` sends webhooks by itself: the notifier ticks every second in the server process
// (never in buildApp), and stops with it (issue #5 §5).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../src/server/startServer.ts';
import { startWebhookReceiver, verifySignature } from './support/webhookReceiver.ts';

const TOKEN = `evd_${'W'.repeat(43)}`;

test('a running server notifies a rogue artifact within seconds, and stops cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-webhook-server-'));
  const receiver = await startWebhookReceiver('/hooks/server');
  const server = await startServer({
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    version: 'test',
    bootstrapToken: TOKEN,
    logger: false,
  });
  try {
    const put = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}/api/v1/orgs/default${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(response.ok, await response.clone().text());
      return (await response.json()) as { secret?: string };
    };
    const { secret } = await put('/webhooks/siem', { url: receiver.url });
    await put('/environments/prod', { type: 'k8s' });
    const fingerprint = createHash('sha256').update('crypto-miner').digest('hex');
    await put('/environments/prod/snapshot', { artifacts: [{ name: 'miner', fingerprint }] });
    for (let i = 0; i < 100 && receiver.received.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(receiver.received.length, 1);
    const [request] = receiver.received;
    assert.ok(request);
    verifySignature(request, secret ?? '', Math.floor(Date.now() / 1000), 30);
    assert.equal((JSON.parse(request.body) as { change: { name: string } }).change.name, 'miner');
  } finally {
    await server.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
