// `evident create user` of the built CLI against a real server process: the password read from stdin
// signs the person in; a reader's token cannot create users; a short password and a missing terminal
// are refused with the reason, and nothing is created.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'U'.repeat(43)}`;
const PASSWORD = 'a long enough passphrase';

const dir = mkdtempSync(join(tmpdir(), 'evident-user-cli-'));
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
