import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  parsePullRequestData,
  type PullRequestData,
} from '../../core/compliance/pullRequest/pullRequestData.ts';
import {
  BITBUCKET_NOT_FOUND,
  BITBUCKET_UNAUTHORIZED,
  BITBUCKET_WEB,
  bitbucketCommit,
  bitbucketPull,
  bitbucketPullListed,
  bitbucketUser,
  type BitbucketPullOptions,
  type Participation,
} from './bitbucketSamples.testdata.ts';
import {
  pageAsked,
  pagesOf,
  evaluated,
  rejectsWith,
  requestLine,
  startFakeProvider,
  type FakeProvider,
  type FakeRequest,
  watch,
} from './fakeProvider.testdata.ts';
import { readPullRequest } from './readPullRequest.ts';

const TOKEN = `ATCTT3xFfGN0${'b'.repeat(40)}`;
const APP_PASSWORD = `ATBB${'p'.repeat(28)}`;
const BASIC = `Basic ${Buffer.from(`ci-bot:${APP_PASSWORD}`).toString('base64')}`;
const REPO = '/2.0/repositories/acme/payments';
const MERGE = '4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0';
const C1 = 'f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d';
const C2 = '0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b';
const C3 = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';

const alice = bitbucketUser('alice', 'Alice Liddell', 1);
const bob = bitbucketUser('bob', 'Bob Builder', 2);
const carol = bitbucketUser('carol', 'Carol Danvers', 3);
const dave = bitbucketUser('dave', 'Dave Commenter', 4);
const erin = bitbucketUser('erin', 'Erin Approver', 5);

const PR_5: BitbucketPullOptions = {
  id: 5,
  title: 'PAY-7 rounding',
  author: alice,
  state: 'MERGED',
  closedBy: bob,
  mergeCommit: MERGE.slice(0, 12),
  source: 'feature/PAY-7-rounding',
  updatedOn: '2024-04-03T09:00:00.000000+00:00',
};
const PR_5_PARTICIPANTS: Participation[] = [
  { user: bob, role: 'REVIEWER', approved: true, state: 'approved' },
  { user: dave, role: 'PARTICIPANT', approved: false, state: null },
  { user: erin, role: 'PARTICIPANT', approved: true, state: 'approved' },
];
const PR_6: BitbucketPullOptions = {
  id: 6,
  title: 'PAY-9 currency codes',
  author: alice,
  state: 'OPEN',
  source: 'feature/PAY-9',
  updatedOn: '2024-04-05T15:20:00.000000+00:00',
};
const PR_6_PARTICIPANTS: Participation[] = [
  { user: bob, role: 'REVIEWER', approved: true, state: 'approved' },
  { user: carol, role: 'REVIEWER', approved: false, state: 'changes_requested' },
];

const COMMITS = [
  bitbucketCommit(C1, 'PAY-7 round half to even\n', 'Alice Liddell <alice@example.com>', alice),
  bitbucketCommit(C2, 'PAY-7 tests for rounding\n', 'Contractor Dave <dave@contractor.example>', null),
  bitbucketCommit(C3, 'PAY-7 review fixes\n', 'Erin Approver <erin@example.com>', erin),
];

const EXPECTED_5 = {
  provider: 'bitbucket',
  url: `${BITBUCKET_WEB}/acme/payments/pull-requests/5`,
  number: 5,
  title: 'PAY-7 rounding',
  state: 'merged',
  author: 'alice',
  approvers: ['bob', 'erin'],
  reviews: [
    { author: 'bob', state: 'approved' },
    { author: 'erin', state: 'approved' },
  ],
  commits: [
    { sha: C1, author: 'alice', message: 'PAY-7 round half to even\n' },
    { sha: C2, author: 'dave@contractor.example', message: 'PAY-7 tests for rounding\n' },
    { sha: C3, author: 'erin', message: 'PAY-7 review fixes\n' },
  ],
  mergedBy: 'bob',
  sourceBranch: 'feature/PAY-7-rounding',
  targetBranch: 'main',
};

let server: FakeProvider;

/** `items` two per page, linked by the body's `next` (developer.atlassian.com/cloud/bitbucket/rest/intro, "Pagination"). */
function paged(items: readonly unknown[]) {
  const pages = pagesOf(items, 2);
  return (request: FakeRequest) => {
    const page = pageAsked(request);
    return {
      json: {
        pagelen: 2,
        size: items.length,
        page,
        values: pages[page - 1] ?? [],
        ...(page < pages.length && { next: `${server.origin}${request.path}?pagelen=2&page=${page + 1}` }),
      },
    };
  };
}

function routePull(
  options: BitbucketPullOptions,
  participants: readonly Participation[],
  commits: readonly unknown[],
) {
  server.route('GET', `${REPO}/pullrequests/${options.id}`, { json: bitbucketPull(options, participants) });
  server.route('GET', `${REPO}/pullrequests/${options.id}/commits`, paged(commits));
}

function env(extra: Record<string, string> = {}) {
  return {
    CI: 'true',
    BITBUCKET_BUILD_NUMBER: '42',
    BITBUCKET_WORKSPACE: 'acme',
    BITBUCKET_REPO_SLUG: 'payments',
    BITBUCKET_REPO_FULL_NAME: 'acme/payments',
    BITBUCKET_PR_ID: '5',
    BITBUCKET_COMMIT: C3,
    BITBUCKET_TOKEN: TOKEN,
    ...extra,
  };
}

/** The Bitbucket API is not configurable by a variable: tests pass the fake's URL as the flag would. */
const request = (extra: Record<string, string | number> = {}) => ({
  baseUrl: `${server.origin}/2.0`,
  ...extra,
});

before(async () => {
  server = await startFakeProvider({
    authorized: (r) => r.headers.authorization === `Bearer ${TOKEN}` || r.headers.authorization === BASIC,
    unauthorized: BITBUCKET_UNAUTHORIZED,
    notFound: BITBUCKET_NOT_FOUND,
  });
  routePull(PR_5, PR_5_PARTICIPANTS, COMMITS);
  routePull(PR_6, PR_6_PARTICIPANTS, [COMMITS[0]]);
});
after(() => server.close());

describe('readPullRequest bitbucket', () => {
  it('reads a merged pull request, approvals from participants, following `next`', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('bitbucket', request(), env());

    assert.deepEqual(read.data, EXPECTED_5);
    assert.deepEqual(parsePullRequestData(read.data), EXPECTED_5);
    exchange.assertRaw(read, [
      'bitbucket-pull-5.json',
      'bitbucket-pull-5-commits-page1.json',
      'bitbucket-pull-5-commits-page2.json',
    ]);
    const requests = exchange.requests();
    assert.deepEqual(requests.map(requestLine), [
      `${REPO}/pullrequests/5?`,
      `${REPO}/pullrequests/5/commits?pagelen=50`,
      `${REPO}/pullrequests/5/commits?pagelen=2&page=2`,
    ]);
    assert.ok(requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
  });

  it('authenticates with BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD (Basic)', async () => {
    const exchange = watch(server);
    const read = await readPullRequest(
      'bitbucket',
      request(),
      env({ BITBUCKET_TOKEN: '', BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: APP_PASSWORD }),
    );
    assert.deepEqual(read.data, EXPECTED_5);
    assert.equal(exchange.requests()[0]?.headers.authorization, BASIC);
  });

  it('feeds the evaluator: two approvals comply; one approval and a change request do not', async () => {
    const evaluate = (data: PullRequestData) => evaluated(data, { minApprovals: 2 });
    const merged = await readPullRequest('bitbucket', request(), env());
    assert.equal(evaluate(merged.data).compliant, true);
    const open = await readPullRequest('bitbucket', request({ number: 6 }), env());
    assert.deepEqual(open.data.reviews, [
      { author: 'bob', state: 'approved' },
      { author: 'carol', state: 'changes_requested' },
    ]);
    const evaluation = evaluate(open.data);
    assert.equal(evaluation.compliant, false);
    assert.deepEqual(evaluation.summary.changesRequestedBy, ['carol']);
    assert.match(evaluation.reasons[0] ?? '', /^Approved by bob only: 1 of the 2 approvals/);
  });

  it('finds the pull request of a commit across pages; the one merged as it (12-digit hash) wins', async () => {
    server.route(
      'GET',
      `${REPO}/commit/${MERGE}/pullrequests`,
      paged([
        bitbucketPullListed(PR_6),
        bitbucketPullListed({ ...PR_6, id: 3, state: 'DECLINED' }),
        bitbucketPullListed(PR_5),
      ]),
    );
    const read = await readPullRequest(
      'bitbucket',
      request(),
      env({ BITBUCKET_PR_ID: '', BITBUCKET_COMMIT: MERGE }),
    );
    assert.equal(read.data.number, 5);
    assert.deepEqual(
      read.raw.slice(0, 2).map((file) => file.name),
      [`bitbucket-commit-${MERGE}-pulls-page1.json`, `bitbucket-commit-${MERGE}-pulls-page2.json`],
    );
    assert.match(
      read.note ?? '',
      /belongs to 3 pull requests in acme\/payments \(3, 5, 6\); read 5, the one merged as/,
    );
  });

  it('finds the pull request of a commit: exactly one', async () => {
    server.route('GET', `${REPO}/commit/${C1}/pullrequests`, paged([bitbucketPullListed(PR_6)]));
    const read = await readPullRequest('bitbucket', request({ commit: C1 }), env());
    assert.equal(read.data.number, 6);
    assert.equal(read.note, undefined);
  });

  it('finds no pull request for a commit: not_found', async () => {
    server.route('GET', `${REPO}/commit/${C2}/pullrequests`, paged([]));
    await rejectsWith(
      readPullRequest('bitbucket', request({ commit: C2 }), env()),
      'not_found',
      new RegExp(`^no pull request found for commit ${C2} in acme/payments; pass --pr N$`),
    );
  });

  it('says when Bitbucket is still indexing (202) or has not indexed (404) the commit links', async () => {
    server.route('GET', `${REPO}/commit/${C3}/pullrequests`, { status: 202, text: '' });
    await rejectsWith(
      readPullRequest('bitbucket', request({ commit: C3 }), env()),
      'not_found',
      /^Bitbucket is still indexing the pull requests of acme\/payments; retry later or pass --pr N$/,
    );
    await rejectsWith(
      readPullRequest('bitbucket', request({ commit: 'abcdef0123456789' }), env()),
      'not_found',
      /pull request commit links are not indexed yet .*; or pass --pr N$/,
    );
  });

  it('answers 401 without credentials by naming the variables', async () => {
    await rejectsWith(
      readPullRequest('bitbucket', request(), env({ BITBUCKET_TOKEN: '' })),
      'unauthorized',
      /^Bitbucket needs a token to read pull request 5 in acme\/payments \(401 for GET .*\): pass --token or set BITBUCKET_TOKEN \(an access token\), or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD$/,
    );
  });

  it('answers 401 with a wrong app password without showing it', async () => {
    const wrong = 'ATBB-wrong-password-123';
    const message = await rejectsWith(
      readPullRequest(
        'bitbucket',
        request(),
        env({ BITBUCKET_TOKEN: '', BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: wrong }),
      ),
      'unauthorized',
      /^Bitbucket refused the token from BITBUCKET_USERNAME\/BITBUCKET_APP_PASSWORD \(401 for GET .*\): Unauthorized$/,
    );
    assert.ok(!message.includes(wrong));
  });

  it('answers 404 for an unknown pull request', async () => {
    await rejectsWith(
      readPullRequest('bitbucket', request({ number: 77 }), env()),
      'not_found',
      /^Bitbucket has no pull request 77 in acme\/payments \(404 for GET .*\/2\.0\/repositories\/acme\/payments\/pullrequests\/77\)$/,
    );
  });
});
