// `evident create user | service-account | token` of the built CLI against a real server process:
// the password read from stdin signs the person in; a pipeline's token acts for its service account;
// a reader's token cannot create either; bad input is refused with the reason, and nothing is created.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'U'.repeat(43)}`;
const PASSWORD = 'a long enough passphrase';

const dir = mkdtempSync(join(tmpdir(), 'evident-identity-cli-'));
let server: ServerProcess;
const env = (token = TOKEN) => ({
  EVIDENT_HOST: server.url,
  EVIDENT_API_TOKEN: token,
  EVIDENT_STATE_DIR: join(dir, 'state'),
});

before(async () => {
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: TOKEN });
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(username: string, password: string): Promise<Response> {
  return fetch(`${server.url}/api/v1/orgs/default/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

test('a user created from the CLI signs in with the password given on stdin', async () => {
  const created = await runCli(
    ['create', 'user', 'rita', '--role', 'reader', '--display-name', 'Rita Reader', '--password-stdin'],
    env(),
    { input: `${PASSWORD}\n` },
  );
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^user rita created \(reader\)/);
  assert.equal((await signIn('rita', PASSWORD)).status, 201);
  // The trailing newline of `echo` is not part of the password.
  assert.equal((await signIn('rita', `${PASSWORD}\n`)).status, 401);
});

test('refusals: a reader cannot create users, short passwords, no terminal to ask on', async () => {
  const session = (await (await signIn('rita', PASSWORD)).json()) as { token: { secret: string } };
  const asReader = await runCli(
    ['create', 'user', 'mallory', '--role', 'admin', '--password-stdin'],
    env(session.token.secret),
    { input: PASSWORD },
  );
  assert.equal(asReader.code, 2, asReader.stderr);
  assert.match(asReader.stderr, /roles admin/);
  const short = await runCli(['create', 'user', 'sam', '--role', 'reader', '--password-stdin'], env(), {
    input: 'short',
  });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /12 to 256 characters/);
  const noTerminal = await runCli(['create', 'user', 'sam', '--role', 'reader'], env(), { input: PASSWORD });
  assert.equal(noTerminal.code, 2);
  assert.match(noTerminal.stderr, /--password-stdin/);
  const badRole = await runCli(['create', 'user', 'sam', '--role', 'boss', '--password-stdin'], env());
  assert.equal(badRole.code, 2);
  for (const name of ['mallory', 'sam']) assert.equal((await signIn(name, PASSWORD)).status, 401);
});

test('a service account and its token: the pipeline writes as the service account, nobody else', async () => {
  const account = await runCli(['create', 'service-account', 'github-actions', '--description', 'CI'], env());
  assert.equal(account.code, 0, account.stderr);
  const created = await runCli(
    ['create', 'token', '--role', 'writer', '--service-account', 'github-actions', '--expires-in-days', '90'],
    env(),
  );
  assert.equal(created.code, 0, created.stderr);
  assert.match(
    created.stdout,
    /^token tok_[0-9a-f]{16} created \(writer for service account github-actions; expires 20/,
  );
  const secret = /^secret \(shown only this once, store it now\): (evd_\S+)$/m.exec(created.stdout)?.[1];
  assert.ok(secret, created.stdout);
  const flow = await runCli(['create', 'flow', 'payments-api'], env(secret));
  assert.equal(flow.code, 0, flow.stderr);
  const entries = (await (
    await fetch(`${server.url}/api/v1/orgs/default/log/entries?start=0&end=100`, {
      headers: { authorization: `Bearer ${secret}` },
    })
  ).json()) as { entries: { entry: string }[] };
  const last = JSON.parse(Buffer.from(entries.entries.at(-1)!.entry, 'base64').toString()) as {
    type: string;
    actor: { serviceAccount?: string };
  };
  assert.deepEqual([last.type, last.actor.serviceAccount], ['flow.saved', 'github-actions']);

  const asWriter = await runCli(['create', 'token', '--role', 'admin'], env(secret));
  assert.equal(asWriter.code, 2, asWriter.stderr);
  const badDays = await runCli(['create', 'token', '--role', 'writer', '--expires-in-days', 'soon'], env());
  assert.equal(badDays.code, 2);
  assert.match(badDays.stderr, /whole number of days/);
  const unknownAccount = await runCli(
    ['create', 'token', '--role', 'writer', '--service-account', 'nope'],
    env(),
  );
  assert.equal(unknownAccount.code, 2, unknownAccount.stderr);
});

test('login: a person signs in once; the session token goes to a private config file, not the screen', async () => {
  const config = join(dir, 'rita-config.json');
  // No token of the environment: what rita does next runs on the token `login` stored.
  const asRita = { EVIDENT_HOST: server.url, EVIDENT_STATE_DIR: join(dir, 'state'), EVIDENT_CONFIG: config };
  const signedIn = await runCli(['login', 'rita', '--password-stdin'], asRita, { input: `${PASSWORD}\n` });
  assert.equal(signedIn.code, 0, signedIn.stderr);
  assert.match(signedIn.stdout, /^signed in to default as rita until 20\S+; the session token is in /);
  assert.doesNotMatch(signedIn.stdout + signedIn.stderr, /evd_/);
  assert.equal(statSync(config).mode & 0o777, 0o600);
  const listed = await runCli(['list', 'approvals', '--output', 'json'], asRita);
  assert.equal(listed.code, 0, listed.stderr);
  const wrong = await runCli(['login', 'rita', '--password-stdin'], asRita, { input: 'not the password' });
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /unknown user or wrong password/);
});
