// The approval commands of the built `evident` CLI against a real server process (issue #6): a
// pipeline asks with the change read from a real git repository, the commit's author may not
// approve, two approvers let it through both gates, a break-glass exception is flagged, listed and
// rejected on review — and `evident verify` finds the ledger intact.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GitSandbox } from '../src/cli/context/gitSandbox.testdata.ts';
import type { Approval } from '../src/core/model/approval.ts';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const ADMIN = `evd_${'A'.repeat(43)}`;
const dir = mkdtempSync(join(tmpdir(), 'evident-approval-cli-'));
const git = new GitSandbox();
let server: ServerProcess;
/** Session tokens of people, and the CI service account's token. */
const tokens: Record<string, string> = {};

/** The admin's API call (setting up people is not what is under test). */
async function api(method: string, path: string, body: unknown, token = ADMIN): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/orgs/default${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

before(async () => {
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: ADMIN });
  for (const [username, displayName] of [
    ['alice', 'Alice Martín'],
    ['bob', 'Bob Stone'],
    ['carol', 'Carol Wu'],
  ] as const) {
    const password = `${username} has a long password`;
    await api('POST', '/users', { username, displayName, role: 'approver', password });
    const session = (await api('POST', '/sessions', { username, password })) as { token: { secret: string } };
    tokens[username] = session.token.secret;
  }
  await api('POST', '/service-accounts', { name: 'ci' });
  const ci = (await api('POST', '/tokens', { role: 'writer', serviceAccount: 'ci' })) as {
    token: { secret: string };
  };
  tokens.ci = ci.token.secret;
});
after(async () => {
  await server.stop();
  git.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `evident ARGS` as `who`, asserting its exit code. */
async function cli(who: string, args: string[], code: number) {
  const result = await runCli(args, {
    EVIDENT_HOST: server.url,
    EVIDENT_API_TOKEN: who === 'admin' ? ADMIN : (tokens[who] ?? ''),
    EVIDENT_STATE_DIR: join(dir, `state-${who}`),
  });
  assert.equal(result.code, code, `${who}: evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}
const json = async <T>(who: string, args: string[]) =>
  JSON.parse((await cli(who, [...args, '--output', 'json'], 0)).stdout) as T;

let fingerprint = '';
let hotfix = '';
test('a pipeline builds from a commit Alice wrote and asks for approval into prod', async () => {
  const policy = join(dir, 'prod-rules.yml');
  writeFileSync(
    policy,
    'version: 1\nartifacts:\n  provenance: { required: true }\n  approval: { approvers: 2, excludeCommitAuthors: true }\n',
  );
  await cli('admin', ['create', 'policy', 'prod-rules', '--file', policy], 0);
  await cli('admin', ['create', 'environment', 'prod', '--type', 'k8s', '--policy', 'prod-rules'], 0);

  const repo = git.newRepo();
  const commit = git.commit(repo, {
    message: 'Faster refunds',
    author: ['Alice Martín', 'alice@example.com'],
  });
  await cli('ci', ['create', 'flow', 'payments'], 0);
  await cli(
    'ci',
    ['begin', 'trail', 'run-1', '--flow', 'payments', '--commit', commit, '--repo-root', repo],
    0,
  );
  const built = join(dir, 'api.tar');
  writeFileSync(built, 'payments-api 2.0\n');
  const trail = ['--flow', 'payments', '--trail', 'run-1'];
  await cli('ci', ['attest', 'artifact', built, '--name', 'api', ...trail], 0);
  fingerprint = (await cli('ci', ['fingerprint', built], 0)).stdout.trim();
  const fix = join(dir, 'api-hotfix.tar');
  writeFileSync(fix, 'payments-api 2.0.1\n');
  await cli('ci', ['attest', 'artifact', fix, '--name', 'api-hotfix', ...trail], 0);
  hotfix = (await cli('ci', ['fingerprint', fix], 0)).stdout.trim();

  const asked = await cli(
    'ci',
    [
      'request',
      'approval',
      '--environment',
      'prod',
      '--fingerprint',
      fingerprint,
      '--comment',
      'release 2.0',
    ],
    0,
  );
  assert.match(asked.stdout, /^request \d+: [0-9a-f]{12} into prod, pending, 0 of 2 approvals\n/);
  const askedId = /^request (\d+):/.exec(asked.stdout)?.[1];
  assert.ok(asked.stdout.includes(`evident approve ${askedId} | evident reject ${askedId} --comment WHY`));
  assert.match(asked.stdout, /asked by service account ci at \S+: release 2\.0/);
  assert.match(
    asked.stdout,
    new RegExp(`${commit.slice(0, 12)}\\s+payments/run-1\\s+Alice Martín <alice@example.com>`),
  );
  const gate = await cli('ci', ['assert', 'approval', '--environment', 'prod', fingerprint], 3);
  assert.match(gate.stdout, /NOT approved/);
  assert.match(gate.stdout, /needs 2 approvals to run in prod, has 0/);
  await cli('ci', ['assert', 'artifact', fingerprint, '--environment', 'prod'], 3);
});

test('the author and the pipeline may not approve; two approvers let it through both gates', async () => {
  const [request] = await json<Approval[]>('carol', ['list', 'approvals', '--status', 'pending']);
  assert.ok(request !== undefined);
  const id = String(request.id);
  const author = await cli('alice', ['approve', id], 2);
  assert.match(
    author.stderr,
    /alice authored or committed [0-9a-f]{12} \(payments\/run-1\), part of this change/,
  );
  const pipeline = await cli('ci', ['approve', id], 2);
  assert.match(pipeline.stderr, /needs one of the roles approver, admin/);
  await cli('bob', ['reject', id], 2); // a rejection needs --comment
  assert.match(
    (await cli('bob', ['approve', id, '--comment', 'CHG-118 reviewed'], 0)).stdout,
    /pending, 1 of 2/,
  );
  const twice = await cli('bob', ['approve', id], 2);
  assert.match(twice.stderr, /bob already decided on request/);
  assert.match((await cli('carol', ['approve', id], 0)).stdout, /into prod, approved\n/);
  const shown = (await cli('alice', ['get', 'approval', id], 0)).stdout;
  assert.match(shown, /approved by bob at \S+: CHG-118 reviewed\n {2}approved by carol at \S+\n/);
  assert.match(
    shown,
    /payments\/run-1\s+Alice Martín <alice@example.com>\s+Alice Martín <alice@example.com>\s+Faster refunds/,
  );

  const gate = await cli('ci', ['assert', 'approval', '--environment', 'prod', `sha256:${fingerprint}`], 0);
  assert.match(gate.stdout, /approved\n {2}approved by bob, carol\n/);
  await cli('ci', ['assert', 'artifact', fingerprint, '--environment', 'prod'], 0);
  const approved = await json<Approval[]>('ci', ['list', 'approvals', '--status', 'approved']);
  assert.deepEqual(
    approved.map((a) => [a.id, a.decisions.map((d) => d.by)]),
    [[request.id, ['bob', 'carol']]],
  );
});

test('break-glass: flagged at the gate, listed for review, rejected by someone else', async () => {
  await cli('ci', ['break-glass', hotfix, '--environment', 'prod', '--reason', 'INC-7'], 2);
  const broken = await cli(
    'bob',
    ['break-glass', hotfix, '--environment', 'prod', '--reason', 'INC-7: refunds down'],
    0,
  );
  assert.match(broken.stdout, /^exception \d+: [0-9a-f]{12} into prod, UNREVIEWED\n {2}BREAK-GLASS/);
  const exception = /^exception (\d+):/.exec(broken.stdout)?.[1];
  assert.ok(broken.stdout.includes(`(evident approve|reject ${exception})`), broken.stdout);
  const gate = await cli('ci', ['assert', 'approval', '--environment', 'prod', hotfix], 0);
  assert.match(gate.stdout, /BREAK-GLASS: running under break-glass exception by bob: INC-7: refunds down/);
  const unreviewed = await cli('carol', ['list', 'approvals', '--status', 'exception-unreviewed'], 0);
  const id = /^(\d+)\s+exception\s+prod/m.exec(unreviewed.stdout)?.[1] ?? '';
  assert.notEqual(id, '', unreviewed.stdout);
  await cli('bob', ['reject', id, '--comment', 'mine'], 2);
  await cli('carol', ['reject', id, '--comment', 'no incident on record'], 0);
  await cli('ci', ['assert', 'approval', '--environment', 'prod', hotfix], 3);
  assert.match(
    (await cli('carol', ['list', 'approvals', '--status', 'exception-unreviewed'], 0)).stdout,
    /no exception-unreviewed approvals/,
  );
});

test('evident verify finds every approval in a ledger that rebuilds exactly', async () => {
  const verified = await cli('admin', ['verify', '--data-dir', join(dir, 'server')], 0);
  assert.match(verified.stdout, /^OK: ledger of .* verified in/m);
});
