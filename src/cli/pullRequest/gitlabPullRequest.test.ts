import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  parsePullRequestData,
  type PullRequestData,
} from '../../core/compliance/pullRequest/pullRequestData.ts';
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
import {
  GITLAB_NOT_FOUND,
  GITLAB_UNAUTHORIZED,
  GITLAB_WEB,
  gitlabApprovals,
  gitlabCommit,
  gitlabMergeRequest,
  gitlabMergeRequestBasic,
  gitlabUser,
  type MergeRequestOptions,
} from './gitlabSamples.testdata.ts';
import { readPullRequest } from './readPullRequest.ts';

const TOKEN = `glpat-${'T'.repeat(20)}`;
const BY_ID = '/gitlab/api/v4/projects/3';
const BY_PATH = '/gitlab/api/v4/projects/my-group%2Fsub%2Fmy-project';
const SQUASH = '0b4bc9a49b562e85de7cc9e834518ea6828729b9';
const C1 = 'ed899a2f4b50b4370feeea94676502b42383c746';
const C2 = '6104942438c14ec7bd21c6cd5bd995272b3faff6';
const C3 = '2f3e4d5c6b7a8990a1b2c3d4e5f60718293a4b5c';

const alice = gitlabUser('alice', 11, 'Alice Liddell');
const bob = gitlabUser('bob', 12, 'Bob Builder');
const carol = gitlabUser('carol', 13, 'Carol Danvers');

const MR_7: MergeRequestOptions = {
  iid: 7,
  title: 'Add rounding to payments',
  author: alice,
  state: 'merged',
  mergeUser: carol,
  mergeCommit: '9a1c3f0e8d7b6a5948372615f0e1d2c3b4a59687',
  squashCommit: SQUASH,
  sourceBranch: 'feature/rounding',
  updatedAt: '2024-03-02T10:15:00.000Z',
};
const MR_8: MergeRequestOptions = {
  iid: 8,
  title: 'Draft: try another rounding',
  author: alice,
  state: 'opened',
  sourceBranch: 'feature/rounding-2',
  updatedAt: '2024-03-05T16:40:00.000Z',
};

const aliceGit = { name: 'Alice Liddell', email: 'alice@example.com' };
const daveGit = { name: 'Dave Contractor', email: 'dave@contractor.example' };
const COMMITS = [
  gitlabCommit(C1, 'Replace sanitize with escape once', aliceGit, aliceGit),
  gitlabCommit(C2, 'Sanitize for network graph\n\nSee #12.', daveGit, aliceGit),
  gitlabCommit(C3, 'Round half to even', aliceGit, aliceGit),
];

let server: FakeProvider;

/** `items` two per page with GitLab's offset pagination headers (docs.gitlab.com/api/rest, "Pagination"). */
function paged(items: readonly unknown[]) {
  const pages = pagesOf(items, 2);
  return (request: FakeRequest) => {
    const page = pageAsked(request);
    const url = (p: number) => `${server.origin}${request.path}?page=${p}&per_page=2`;
    return {
      json: pages[page - 1] ?? [],
      headers: {
        'x-page': String(page),
        'x-per-page': '2',
        'x-prev-page': page > 1 ? String(page - 1) : '',
        'x-next-page': page < pages.length ? String(page + 1) : '',
        'x-total': String(items.length),
        'x-total-pages': String(pages.length),
        link: `<${url(1)}>; rel="first", <${url(pages.length)}>; rel="last"`,
      },
    };
  };
}

function routeMergeRequest(
  prefix: string,
  options: MergeRequestOptions,
  approvedBy: readonly ReturnType<typeof gitlabUser>[],
  commits: readonly unknown[],
): void {
  server.route('GET', `${prefix}/merge_requests/${options.iid}`, { json: gitlabMergeRequest(options) });
  server.route('GET', `${prefix}/merge_requests/${options.iid}/approvals`, {
    json: gitlabApprovals(options, approvedBy),
  });
  server.route('GET', `${prefix}/merge_requests/${options.iid}/commits`, paged(commits));
}

function env(extra: Record<string, string> = {}) {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: `${server.origin}/gitlab/api/v4`,
    CI_PROJECT_ID: '3',
    CI_MERGE_REQUEST_IID: '7',
    CI_COMMIT_SHA: C3,
    GITLAB_TOKEN: TOKEN,
    ...extra,
  };
}

const EXPECTED_7 = {
  provider: 'gitlab',
  url: `${GITLAB_WEB}/my-group/sub/my-project/-/merge_requests/7`,
  number: 7,
  title: 'Add rounding to payments',
  state: 'merged',
  author: 'alice',
  approvers: ['bob', 'carol'],
  commits: [
    {
      sha: C1,
      author: 'alice@example.com',
      committer: 'alice@example.com',
      message: 'Replace sanitize with escape once',
    },
    {
      sha: C2,
      author: 'dave@contractor.example',
      committer: 'alice@example.com',
      message: 'Sanitize for network graph\n\nSee #12.',
    },
    { sha: C3, author: 'alice@example.com', committer: 'alice@example.com', message: 'Round half to even' },
  ],
  mergedBy: 'carol',
  sourceBranch: 'feature/rounding',
  targetBranch: 'main',
};

before(async () => {
  server = await startFakeProvider({
    authorized: (request) => request.headers['private-token'] === TOKEN,
    unauthorized: GITLAB_UNAUTHORIZED,
    notFound: GITLAB_NOT_FOUND,
  });
  for (const prefix of [BY_ID, BY_PATH]) {
    routeMergeRequest(prefix, MR_7, [bob, carol], COMMITS);
    routeMergeRequest(prefix, MR_8, [alice], [COMMITS[2]]);
  }
});
after(() => server.close());

describe('readPullRequest gitlab', () => {
  it('reads a merged merge request from a GitLab under /gitlab/api/v4, following x-next-page', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('gitlab', {}, env());

    assert.deepEqual(read.data, EXPECTED_7);
    assert.deepEqual(parsePullRequestData(read.data), EXPECTED_7);
    exchange.assertRaw(read, [
      'gitlab-pull-7.json',
      'gitlab-pull-7-approvals.json',
      'gitlab-pull-7-commits-page1.json',
      'gitlab-pull-7-commits-page2.json',
    ]);
    const requests = exchange.requests();
    assert.deepEqual(requests.map(requestLine), [
      `${BY_ID}/merge_requests/7?`,
      `${BY_ID}/merge_requests/7/approvals?`,
      `${BY_ID}/merge_requests/7/commits?per_page=100`,
      `${BY_ID}/merge_requests/7/commits?per_page=100&page=2`,
    ]);
    assert.ok(
      requests.every((r) => r.headers['private-token'] === TOKEN && r.headers.authorization === undefined),
    );
  });

  it('addresses the project by its URL-encoded path when given one', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('gitlab', { repository: 'my-group/sub/my-project', number: 7 }, env());
    assert.deepEqual(read.data, EXPECTED_7);
    assert.equal(exchange.requests()[0]?.path, `${BY_PATH}/merge_requests/7`);
  });

  it('feeds the evaluator: approved by others complies; approved only by the author does not', async () => {
    const evaluate = (data: PullRequestData) => evaluated(data, { minApprovals: 2 });
    const merged = await readPullRequest('gitlab', {}, env());
    assert.equal(evaluate(merged.data).compliant, true);
    const selfApproved = await readPullRequest('gitlab', {}, env({ CI_MERGE_REQUEST_IID: '8' }));
    assert.equal(selfApproved.data.state, 'open');
    assert.deepEqual(selfApproved.data.approvers, ['alice']);
    const evaluation = evaluate(selfApproved.data);
    assert.equal(evaluation.compliant, false);
    assert.match(evaluation.reasons[0] ?? '', /^Only the author \(alice\) approved the pull request/);
  });

  it('finds the merge request of a commit: exactly one', async () => {
    server.route(
      'GET',
      `${BY_ID}/repository/commits/${C1}/merge_requests`,
      paged([gitlabMergeRequestBasic(MR_8)]),
    );
    const read = await readPullRequest('gitlab', { commit: C1 }, env());
    assert.equal(read.data.number, 8);
    assert.equal(read.note, undefined);
    assert.equal(read.raw[0]?.name, `gitlab-commit-${C1}-pulls-page1.json`);
  });

  it('finds the merge request of a commit: several, the one whose squash commit it is wins', async () => {
    server.route(
      'GET',
      `${BY_ID}/repository/commits/${SQUASH}/merge_requests`,
      paged([
        gitlabMergeRequestBasic(MR_8),
        gitlabMergeRequestBasic({
          ...MR_7,
          iid: 5,
          state: 'closed',
          mergeUser: undefined,
          mergeCommit: undefined,
          squashCommit: undefined,
        }),
        gitlabMergeRequestBasic(MR_7),
      ]),
    );
    // A pipeline on main after the merge: no merge request IID, the commit is the squash commit.
    const read = await readPullRequest(
      'gitlab',
      {},
      env({ CI_MERGE_REQUEST_IID: '', CI_COMMIT_SHA: SQUASH }),
    );
    assert.equal(read.data.number, 7);
    assert.deepEqual(
      read.raw.slice(0, 2).map((file) => file.name),
      [`gitlab-commit-${SQUASH}-pulls-page1.json`, `gitlab-commit-${SQUASH}-pulls-page2.json`],
    );
    assert.equal(
      read.note,
      `commit ${SQUASH} belongs to 3 pull requests in project 3 (5, 7, 8); read 7, the one merged as ${SQUASH} (pass --pr N to choose another)`,
    );
  });

  it('finds no merge request for a commit: not_found', async () => {
    server.route('GET', `${BY_ID}/repository/commits/${C2}/merge_requests`, paged([]));
    await rejectsWith(
      readPullRequest('gitlab', { commit: C2 }, env()),
      'not_found',
      new RegExp(`^no pull request found for commit ${C2} in project 3; pass --pr N$`),
    );
  });

  it('answers 401 without a token by naming GITLAB_TOKEN', async () => {
    await rejectsWith(
      readPullRequest('gitlab', {}, env({ GITLAB_TOKEN: '' })),
      'unauthorized',
      /^GitLab needs a token to read merge request 7 in project 3 \(401 for GET http:\/\/127\.0\.0\.1:\d+\/gitlab\/api\/v4\/projects\/3\/merge_requests\/7\): pass --token or set GITLAB_TOKEN/,
    );
  });

  it('answers 404 for an unknown merge request', async () => {
    await rejectsWith(
      readPullRequest('gitlab', { number: '404' }, env()),
      'not_found',
      /^GitLab has no merge request 404 in project 3 \(404 for GET .*\/gitlab\/api\/v4\/projects\/3\/merge_requests\/404\)$/,
    );
  });
});
