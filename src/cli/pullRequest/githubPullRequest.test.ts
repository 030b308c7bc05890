import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePullRequestData } from '../../core/compliance/pullRequest/pullRequestData.ts';
import {
  pageAsked,
  pagesOf,
  evaluated,
  rejectsWith,
  requestLine,
  startFakeProvider,
  type FakeProvider,
  watch,
} from './fakeProvider.testdata.ts';
import {
  GHE,
  GITHUB_BAD_CREDENTIALS,
  GITHUB_NOT_FOUND,
  githubCommit,
  githubPull,
  githubPullSimple,
  githubReview,
  githubUser,
  type PullOptions,
} from './githubSamples.testdata.ts';
import { readPullRequest } from './readPullRequest.ts';

const TOKEN = `ghp_${'R'.repeat(36)}`;
const PREFIX = '/api/v3/repos/octocat/Hello-World';
const MERGE = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';
const C1 = '6dcb09b5b57875f334f61aebed695e2e4193db5e';
const C2 = 'a4b7e1f0c3d2b5a6978877665544332211009988';
const C3 = '1f2e3d4c5b6a79881726354453627180a9b8c7d6';

const octocat = githubUser('octocat', 1);
const hubot = githubUser('hubot', 2);
const monalisa = githubUser('monalisa', 3);
const webFlow = githubUser('web-flow', 19864447);
const contractor = { account: null, git: { name: 'Octo Contractor', email: 'contractor@example.com' } };

const PULL_1347: PullOptions = {
  number: 1347,
  title: 'Amazing new feature',
  author: octocat,
  state: 'closed',
  mergedBy: monalisa,
  mergeCommit: MERGE,
  head: 'new-topic',
  updatedAt: '2011-01-26T19:01:12Z',
};

const PULL_1340: PullOptions = {
  number: 1340,
  title: 'Work in progress',
  author: octocat,
  state: 'open',
  mergeCommit: C3,
  head: 'wip',
  updatedAt: '2011-02-01T08:00:00Z',
};

const REVIEWS = [
  githubReview(80, hubot, 'CHANGES_REQUESTED', '2019-11-17T17:43:43Z'),
  githubReview(81, monalisa, 'APPROVED', '2019-11-17T18:01:02Z'),
  githubReview(82, null, 'APPROVED', '2019-11-17T18:05:00Z'),
  githubReview(83, hubot, 'APPROVED', '2019-11-18T09:12:30Z'),
  githubReview(84, octocat, 'COMMENTED', '2019-11-18T10:00:00Z'),
];

const COMMITS = [
  githubCommit(
    C1,
    'Fix all the bugs',
    { account: octocat, git: { name: 'Monalisa Octocat', email: 'octocat@github.example.com' } },
    { account: webFlow, git: { name: 'GitHub', email: 'noreply@github.example.com' } },
  ),
  githubCommit(C2, 'Add the tests\n\nCovers the new topic.', contractor, contractor),
  githubCommit(
    C3,
    'Polish',
    { account: monalisa, git: { name: 'Mona Lisa', email: 'mona@github.example.com' } },
    { account: monalisa, git: { name: 'Mona Lisa', email: 'mona@github.example.com' } },
  ),
];

const EXPECTED_1347 = {
  provider: 'github',
  url: `${GHE}/octocat/Hello-World/pull/1347`,
  number: 1347,
  title: 'Amazing new feature',
  state: 'merged',
  author: 'octocat',
  reviews: [
    { author: 'hubot', state: 'changes_requested' },
    { author: 'monalisa', state: 'approved' },
    { author: 'hubot', state: 'approved' },
    { author: 'octocat', state: 'commented' },
  ],
  commits: [
    { sha: C1, author: 'octocat', committer: 'web-flow', message: 'Fix all the bugs' },
    {
      sha: C2,
      author: 'contractor@example.com',
      committer: 'contractor@example.com',
      message: 'Add the tests\n\nCovers the new topic.',
    },
    { sha: C3, author: 'monalisa', committer: 'monalisa', message: 'Polish' },
  ],
  mergedBy: 'monalisa',
  sourceBranch: 'new-topic',
  targetBranch: 'master',
};

let server: FakeProvider;

/**
 * Serves `items` two per page the way GitHub does: the first page at `path`, later pages at the
 * repository-id path GitHub's `link` header points to, with rel="next" and rel="last".
 */
function paged(path: string, byIdPath: string, items: readonly unknown[]): void {
  const pages = pagesOf(items, 2);
  const link = (page: number) => `<${server.origin}${byIdPath}?per_page=100&page=${page}>`;
  const answer = (page: number) => ({
    json: pages[page - 1] ?? [],
    ...(page < pages.length && {
      headers: { link: `${link(page + 1)}; rel="next", ${link(pages.length)}; rel="last"` },
    }),
  });
  server.route('GET', path, () => answer(1));
  server.route('GET', byIdPath, (request) => answer(pageAsked(request)));
}

function routePull(options: PullOptions, reviews: readonly unknown[], commits: readonly unknown[]): void {
  const n = options.number;
  server.route('GET', `${PREFIX}/pulls/${n}`, { json: githubPull(options) });
  paged(`${PREFIX}/pulls/${n}/reviews`, `/api/v3/repositories/1296269/pulls/${n}/reviews`, reviews);
  paged(`${PREFIX}/pulls/${n}/commits`, `/api/v3/repositories/1296269/pulls/${n}/commits`, commits);
}

function env(extra: Record<string, string> = {}) {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: `${server.origin}/api/v3`,
    GITHUB_REPOSITORY: 'octocat/Hello-World',
    GITHUB_REF: 'refs/pull/1347/merge',
    GITHUB_SHA: MERGE,
    GITHUB_TOKEN: TOKEN,
    ...extra,
  };
}

before(async () => {
  server = await startFakeProvider({
    authorized: (request) => request.headers.authorization === `Bearer ${TOKEN}`,
    unauthorized: GITHUB_BAD_CREDENTIALS,
    notFound: GITHUB_NOT_FOUND,
  });
  routePull(PULL_1347, REVIEWS, COMMITS);
  routePull(PULL_1340, [githubReview(90, hubot, 'COMMENTED', '2011-02-01T07:00:00Z')], [COMMITS[0]]);
});
after(() => server.close());

describe('readPullRequest github', () => {
  it('reads a merged pull request from GitHub Enterprise (/api/v3), following link headers', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('github', {}, env());

    assert.deepEqual(read.data, EXPECTED_1347);
    assert.deepEqual(parsePullRequestData(read.data), EXPECTED_1347);
    assert.equal(read.note, undefined);
    exchange.assertRaw(read, [
      'github-pull-1347.json',
      'github-pull-1347-reviews-page1.json',
      'github-pull-1347-reviews-page2.json',
      'github-pull-1347-reviews-page3.json',
      'github-pull-1347-commits-page1.json',
      'github-pull-1347-commits-page2.json',
    ]);
    const requests = exchange.requests();
    assert.deepEqual(requests.map(requestLine), [
      `${PREFIX}/pulls/1347?`,
      `${PREFIX}/pulls/1347/reviews?per_page=100`,
      '/api/v3/repositories/1296269/pulls/1347/reviews?per_page=100&page=2',
      '/api/v3/repositories/1296269/pulls/1347/reviews?per_page=100&page=3',
      `${PREFIX}/pulls/1347/commits?per_page=100`,
      '/api/v3/repositories/1296269/pulls/1347/commits?per_page=100&page=2',
    ]);
    for (const request of requests) {
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers.accept, 'application/vnd.github+json');
      assert.equal(request.headers['x-github-api-version'], '2022-11-28');
    }
  });

  it('feeds the evaluator: two approvals by others comply; excluding commit authors they do not', async () => {
    const { data } = await readPullRequest('github', { number: '1347' }, env());
    const compliant = evaluated(data, { minApprovals: 2, requireMerged: true });
    assert.equal(compliant.compliant, true);
    assert.deepEqual(compliant.summary.approvers, ['hubot', 'monalisa']);
    const strict = evaluated(data, { minApprovals: 2, excludeCommitAuthors: true });
    assert.equal(strict.compliant, false);
    assert.match(
      strict.reasons[0] ?? '',
      /Approvals by commit authors do not count \(excludeCommitAuthors\): monalisa/,
    );
  });

  it('finds the pull request of a commit: exactly one', async () => {
    server.route('GET', `${PREFIX}/commits/${MERGE}/pulls`, { json: [githubPullSimple(PULL_1347)] });
    const read = await readPullRequest('github', { commit: MERGE }, env());
    assert.equal(read.data.number, 1347);
    assert.equal(read.note, undefined);
    assert.equal(read.raw[0]?.name, `github-commit-${MERGE}-pulls-page1.json`);
    assert.equal(read.raw[1]?.name, 'github-pull-1347.json');
  });

  it('finds the pull request of a commit: several, the one merged as the commit wins', async () => {
    server.route('GET', `${PREFIX}/commits/${MERGE}/pulls`, {
      json: [githubPullSimple(PULL_1340), githubPullSimple(PULL_1347)],
    });
    // No number from the flags, and none from GITHUB_REF on a push to master.
    const read = await readPullRequest('github', {}, env({ GITHUB_REF: 'refs/heads/master' }));
    assert.equal(read.data.number, 1347);
    assert.equal(
      read.note,
      `commit ${MERGE} belongs to 2 pull requests in octocat/Hello-World (1340, 1347); read 1347, the one merged as ${MERGE} (pass --pr N to choose another)`,
    );
  });

  it('finds the pull request of a commit: several, none merged as it, the most recently updated wins', async () => {
    server.route('GET', `${PREFIX}/commits/${C1}/pulls`, {
      json: [githubPullSimple(PULL_1347), githubPullSimple(PULL_1340)],
    });
    const read = await readPullRequest('github', { commit: C1 }, env());
    assert.equal(read.data.number, 1340);
    assert.equal(read.data.state, 'open');
    assert.match(read.note ?? '', /read 1340, the most recently updated/);
    assert.equal(evaluated(read.data).compliant, false, 'only a comment, no approval');
  });

  it('finds no pull request for a commit: not_found, telling to pass --pr', async () => {
    server.route('GET', `${PREFIX}/commits/${C2}/pulls`, { json: [] });
    await rejectsWith(
      readPullRequest('github', { commit: C2 }, env()),
      'not_found',
      new RegExp(`^no pull request found for commit ${C2} in octocat/Hello-World; pass --pr N$`),
    );
  });

  it('answers 401 without a token by naming GITHUB_TOKEN', async () => {
    await rejectsWith(
      readPullRequest('github', {}, env({ GITHUB_TOKEN: '' })),
      'unauthorized',
      /^GitHub needs a token to read pull request 1347 in octocat\/Hello-World \(401 for GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/octocat\/Hello-World\/pulls\/1347\): pass --token or set GITHUB_TOKEN/,
    );
  });

  it('answers 401 with a wrong token by naming where it came from, never the token itself', async () => {
    const wrong = `ghp_${'W'.repeat(36)}`;
    const message = await rejectsWith(
      readPullRequest('github', {}, env({ GITHUB_TOKEN: wrong })),
      'unauthorized',
      /^GitHub refused the token from GITHUB_TOKEN \(401 for GET .*\): Bad credentials$/,
    );
    assert.ok(!message.includes(wrong));
  });

  it('answers 404 for an unknown pull request', async () => {
    await rejectsWith(
      readPullRequest('github', { number: 9999 }, env()),
      'not_found',
      /^GitHub has no pull request 9999 in octocat\/Hello-World \(404 for GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/octocat\/Hello-World\/pulls\/9999\)$/,
    );
  });
});
