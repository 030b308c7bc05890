// `evident create user | service-account | token` of the built CLI against a real server process:
// the password read from stdin signs the person in; a pipeline's token acts for its service account;
// a reader's token cannot create either; bad input is refused with the reason, and nothing is created.
// `evident login` stores a session; `evident logout` revokes it (never a pipeline's token) and forgets it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

test('logout: a session from login is revoked, a pipeline token only forgotten; it says which', async () => {
  const config = join(dir, 'logout-config.json');
  const asRita = { EVIDENT_HOST: server.url, EVIDENT_STATE_DIR: join(dir, 'state'), EVIDENT_CONFIG: config };
  const stored = () => JSON.parse(readFileSync(config, 'utf8')) as Record<string, string>;
  const works = async (token: string) =>
    (
      await fetch(`${server.url}/api/v1/orgs/default/flows`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;

  assert.equal((await runCli(['login', 'rita', '--password-stdin'], asRita, { input: PASSWORD })).code, 0);
  const session = stored()['api-token'] ?? '';
  assert.equal(await works(session), 200);
  const out = await runCli(['logout'], asRita);
  assert.equal(out.code, 0, out.stderr);
  assert.match(
    out.stdout,
    /^signed out of default: the session was revoked on http:\/\/127\.0\.0\.1:\d+; removed from /,
  );
  assert.equal(await works(session), 401, 'the session token is revoked');
  assert.deepEqual(stored(), { host: server.url, org: 'default' }, 'only the token is forgotten');
  assert.equal(statSync(config).mode & 0o777, 0o600);

  const again = await runCli(['logout'], asRita);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /not logged in: .* holds no token/);

  // The revoked session put back: the server no longer takes it, so it is just forgotten.
  writeFileSync(config, JSON.stringify({ ...stored(), 'api-token': session }), { mode: 0o600 });
  const stale = await runCli(['logout', '--output', 'json'], asRita);
  assert.equal(stale.code, 0, stale.stderr);
  assert.equal((JSON.parse(stale.stdout) as { outcome: string }).outcome, 'expired');
  assert.equal(stored()['api-token'], undefined);

  // A pipeline's token set by hand is forgotten, never revoked.
  assert.equal((await runCli(['config', 'set', 'api-token', TOKEN], asRita)).code, 0);
  const kept = await runCli(['logout'], asRita);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(
    kept.stdout,
    /^forgot the API token; it was not revoked, as it is not a session from evident login/,
  );
  assert.equal(await works(TOKEN), 200, 'the pipeline token still works');
  assert.equal(stored()['api-token'], undefined);
});

test('logout with the server down still forgets the token, says it was not revoked, and exits 4', async () => {
  const config = join(dir, 'down-config.json');
  const asRita = { EVIDENT_STATE_DIR: join(dir, 'state'), EVIDENT_CONFIG: config };
  assert.equal(
    (
      await runCli(
        ['login', 'rita', '--password-stdin'],
        { ...asRita, EVIDENT_HOST: server.url },
        { input: PASSWORD },
      )
    ).code,
    0,
  );
  const session = (JSON.parse(readFileSync(config, 'utf8')) as Record<string, string>)['api-token'] ?? '';
  // A port nothing listens on: the stored host now points at a server that is down.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  writeFileSync(
    config,
    JSON.stringify({ host: `http://127.0.0.1:${port}`, org: 'default', 'api-token': session }),
  );
  const out = await runCli(['logout'], asRita);
  assert.equal(out.code, 4, out.stderr);
  assert.match(out.stderr, /cannot reach .*forgotten .* but not revoked/);
  assert.equal((JSON.parse(readFileSync(config, 'utf8')) as Record<string, string>)['api-token'], undefined);
  const stillValid = await fetch(`${server.url}/api/v1/orgs/default/flows`, {
    headers: { authorization: `Bearer ${session}` },
  });
  assert.equal(stillValid.status, 200, 'not revoked: the server never heard of the logout');
});
