// `evident attest pullrequest github` end to end: the built CLI reads a pull request from a server on
// 127.0.0.1 that answers like GitHub's REST API (GitHub Enterprise paths), attests it to a real
// Evident server with the API's answers as evidence, and the server judges its approvals.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../src/cli/pullRequest/fakeProvider.testdata.ts';
import {
  githubCommit,
  githubPull,
  githubReview,
  githubUser,
} from '../src/cli/pullRequest/githubSamples.testdata.ts';
import { runCli } from './support/cli.ts';
import { startServerProcess, type ServerProcess } from './support/serverProcess.ts';

const TOKEN = `evd_${'P'.repeat(43)}`;
const GITHUB_TOKEN = `ghs_${'Q'.repeat(36)}`;
const SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';
const REPO = '/api/v3/repos/octocat/Hello-World';
const dir = mkdtempSync(join(tmpdir(), 'evident-pr-e2e-'));
let github: FakeProvider;
let server: ServerProcess;

const octocat = githubUser('octocat', 1);
const hubot = githubUser('hubot', 2);
const person = (account: ReturnType<typeof githubUser>) => ({
  account,
  git: { name: account.login, email: `${account.login}@example.com` },
});

function routePull(number: number, reviews: unknown[]): void {
  const pull = {
    number,
    title: 'Pay by card',
    author: octocat,
    state: 'closed' as const,
    mergedBy: hubot,
    mergeCommit: SHA,
    head: 'card-payments',
    updatedAt: '2026-11-19T01:00:00Z',
  };
  github.route('GET', `${REPO}/pulls/${number}`, { json: githubPull(pull) });
  github.route('GET', `${REPO}/pulls/${number}/reviews`, { json: reviews });
  github.route('GET', `${REPO}/pulls/${number}/commits`, {
    json: [
      githubCommit(
        '6dcb09b5b57875f334f61aebed695e2e4193db5e',
        'Pay by card',
        person(octocat),
        person(octocat),
      ),
    ],
  });
}

before(async () => {
  github = await startFakeProvider({
    authorized: (request) => request.headers.authorization === `Bearer ${GITHUB_TOKEN}`,
    unauthorized: { status: 401, json: { message: 'Bad credentials' } },
    notFound: { status: 404, json: { message: 'Not Found' } },
  });
  routePull(42, [githubReview(80, hubot, 'APPROVED', '2026-11-19T00:30:00Z')]);
  routePull(43, [githubReview(81, octocat, 'APPROVED', '2026-11-19T00:30:00Z')]);
  server = await startServerProcess(['--data-dir', join(dir, 'server')], { EVIDENT_BOOTSTRAP_TOKEN: TOKEN });
  const template = join(dir, 'template.yml');
  writeFileSync(
    template,
    'version: 1\ntrail:\n  attestations:\n    - { name: pull-request, type: pull_request, params: { minApprovals: 1 } }\n',
  );
  await cli(['create', 'flow', 'payments-api', '--template', template]);
});

after(async () => {
  await server.stop();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], code = 0, env: Record<string, string> = {}) {
  const result = await runCli(args, {
    EVIDENT_HOST: server.url,
    EVIDENT_API_TOKEN: TOKEN,
    EVIDENT_STATE_DIR: join(dir, 'state'),
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: `${github.origin}/api/v3`,
    GITHUB_REPOSITORY: 'octocat/Hello-World',
    GITHUB_SHA: SHA,
    GITHUB_TOKEN,
    ...env,
  });
  assert.equal(result.code, code, `evident ${args.join(' ')}\n${result.stdout}${result.stderr}`);
  return result;
}

/** `evident attest pullrequest github` into `trail`, of pull request `pr` (else the CI's). */
function attestPr(trail: string, pr?: string): string[] {
  const args = ['attest', 'pullrequest', 'github', '--name', 'pull-request', '--flow', 'payments-api'];
  return [...args, '--trail', trail, ...(pr === undefined ? [] : ['--pr', pr])];
}

async function attestations(trail: string) {
  const response = await fetch(`${server.url}/api/v1/orgs/default/flows/payments-api/trails/${trail}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return (
    (await response.json()) as {
      attestations: { compliant: boolean; reasons: string[]; evidence: { name: string; sha256: string }[] }[];
    }
  ).attestations;
}

test('an approved pull request is attested with the API answers as evidence, and is compliant', async () => {
  await cli(['begin', 'trail', 'pr-42', '--flow', 'payments-api', '--commit', SHA]);
  const sentBefore = github.sentOk.length;
  const result = await cli(attestPr('pr-42', '42'), 0, { GITHUB_REF: 'refs/heads/main' });
  assert.equal(result.stdout, 'pull_request attestation pull-request: compliant\n');
  const [recorded] = await attestations('pr-42');
  assert.ok(recorded);
  assert.deepEqual(
    recorded.evidence.map((e) => e.name),
    ['github-pull-42.json', 'github-pull-42-reviews-page1.json', 'github-pull-42-commits-page1.json'],
  );
  const sent = github.sentOk.slice(sentBefore).map((b) => createHash('sha256').update(b).digest('hex'));
  assert.deepEqual(
    recorded.evidence.map((e) => e.sha256),
    sent,
  );
});

test('a pull request only its author approved is NOT compliant, with the reason', async () => {
  await cli(['begin', 'trail', 'pr-43', '--flow', 'payments-api', '--commit', SHA]);
  const result = await cli(attestPr('pr-43'), 0, {
    GITHUB_REF: 'refs/pull/43/merge',
    GITHUB_EVENT_NAME: 'pull_request',
  });
  assert.match(result.stdout, /NOT compliant: Only the author \(octocat\) approved the pull request/);
  const [recorded] = await attestations('pr-43');
  assert.equal(recorded?.compliant, false);
});

test('a bad token is refused before anything is recorded, and the token is never printed', async () => {
  const result = await cli(attestPr('pr-42', '42'), 2, { GITHUB_TOKEN: 'ghs_wrong' });
  assert.match(result.stderr, /401|credentials|token/i);
  assert.doesNotMatch(result.stderr, /ghs_wrong/);
  assert.equal((await attestations('pr-42')).length, 1);
});
