// The webhook commands of the built `evident` CLI (issue #5 §5) against a real server process: create
// (the generated secret printed once), list, a rogue artifact reported with `snapshot json` reaching a
// receiver on 127.0.0.1 signed, the delivery log, delete, and a bad URL refused with the server's words.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';
import { startWebhookReceiver, verifySignature, type WebhookReceiver } from './support/webhookReceiver.ts';

const TOKEN = `evd_${'K'.repeat(43)}`;
const ROGUE = createHash('sha256').update('crypto-miner').digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'evident-webhook-cli-'));
let server: ServerProcess;
let receiver: WebhookReceiver;
const env = () => ({
  EVIDENT_HOST: server.url,
  EVIDENT_API_TOKEN: TOKEN,
  EVIDENT_STATE_DIR: join(dir, 'state'),
});

before(async () => {
  receiver = await startWebhookReceiver('/hooks/siem');
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: TOKEN });
});
after(async () => {
  await server.stop();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `evident ARGS`, asserting its exit code. */
async function cli(args: string[], code: number, options: Parameters<typeof runCli>[2] = {}) {
  const result = await runCli(args, env(), options);
  assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}

/** Asks `check` every 100 ms until it answers something, for at most 10 s. */
async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('create, list, notify, delivery log, delete: a webhook from the CLI', async () => {
  const origin = new URL(receiver.url).origin;
  await cli(['create', 'environment', 'prod', '--type', 'server'], 0);
  const created = await cli(['create', 'webhook', 'siem', '--url', receiver.url], 0);
  const secret = /^signing secret \(shown only this once, store it now\): (\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(secret, created.stdout);
  assert.match(created.stdout, new RegExp(`^webhook siem saved \\(generic, ${origin}\\)\n`));
  // An update keeps the URL and the secret, and never shows the secret again.
  const updated = await cli(['create', 'webhook', 'siem', '--environment', 'prod'], 0);
  assert.equal(updated.stdout, `webhook siem saved (generic, ${origin})\n`);

  const listed = await cli(['list', 'webhooks'], 0);
  assert.equal(
    listed.stdout.replace(/ +/g, ' '),
    `NAME KIND ORIGIN EVENTS ENVIRONMENTS\nsiem generic ${origin} unauthorised_change prod\n`,
  );
  assert.ok(!listed.stdout.includes('/hooks/siem') && !listed.stdout.includes(secret), 'no URL, no secret');

  await cli(['snapshot', 'json', 'prod', '-'], 0, {
    input: JSON.stringify([{ name: 'docker.io/miner', fingerprint: ROGUE }]),
  });
  const request = await eventually('a delivery', () => receiver.received[0]);
  verifySignature(request, secret, Math.floor(Date.now() / 1000), 30);
  assert.equal(request.headers['evident-event'], 'unauthorised_change');
  const id = request.headers['evident-delivery'];
  assert.equal(typeof id, 'string');

  const log = await eventually('the delivery to be logged as delivered', async () => {
    const { stdout } = await cli(['get', 'deliveries', 'siem'], 0);
    return stdout.includes(' delivered ') ? stdout : undefined;
  });
  assert.match(
    log,
    new RegExp(
      `^deliveries of webhook siem, newest first\nDELIVERY +CHANGE +STATUS +ATTEMPTS +LAST RESULT +NEXT ATTEMPT\n${String(id)} +prod#1: docker\\.io/miner \\(${ROGUE.slice(0, 12)}\\) started +delivered +1 +HTTP 200\n$`,
    ),
  );
  assert.equal(receiver.received.length, 1, 'one delivery, sent once');

  assert.equal((await cli(['delete', 'webhook', 'siem'], 0)).stdout, 'webhook siem deleted\n');
  assert.equal(
    (await cli(['list', 'webhooks'], 0)).stdout,
    'no webhooks yet: evident create webhook NAME --url URL\n',
  );
  assert.match((await cli(['get', 'deliveries', 'siem'], 2)).stderr, /webhook siem not found/);
});

test('bad input is refused with the reason, exit 2', async () => {
  const ftp = await cli(['create', 'webhook', 'files', '--url', 'ftp://files.example.com/in'], 2);
  assert.match(ftp.stderr, /^evident: .*a webhook URL must be http or https, not ftp\b/);
  const noUrl = await cli(['create', 'webhook', 'files'], 2);
  assert.match(noUrl.stderr, /a new webhook needs a url/);
  const kind = await cli(['create', 'webhook', 'files', '--url', receiver.url, '--kind', 'teams'], 2);
  assert.match(kind.stderr, /Allowed choices are generic, slack/);
  assert.equal((await cli(['list', 'webhooks'], 0)).stdout.startsWith('no webhooks yet'), true);
});
