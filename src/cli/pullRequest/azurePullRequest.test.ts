import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  parsePullRequestData,
  type PullRequestData,
} from '../../core/compliance/pullRequest/pullRequestData.ts';
import {
  AZURE_NOT_FOUND,
  AZURE_SIGN_IN_PAGE,
  AZURE_UNAUTHORIZED,
  AZURE_WEB_REPO,
  FIBER_TEAM,
  azureCommit,
  azureIdentity,
  azurePull,
  azureReviewer,
  type AzurePullOptions,
} from './azureSamples.testdata.ts';
import {
  evaluated,
  pagesOf,
  rejectsWith,
  requestLine,
  startFakeProvider,
  type FakeProvider,
  type FakeRequest,
  watch,
} from './fakeProvider.testdata.ts';
import { readPullRequest } from './readPullRequest.ts';

const SYSTEM_TOKEN = `eyJ0eXAiOiJKV1Qi${'S'.repeat(40)}`;
const PAT = 'p'.repeat(52);
const PAT_BASIC = `Basic ${Buffer.from(`:${PAT}`).toString('base64')}`;
const GIT = '/fabrikam/Fabrikam%20Fiber/_apis/git/repositories/fabrikam-payments';
const MERGE = '9991ccd4f0bd1b3d7f5c8b8e7a5e0a3b2c1d0e9f';
const C1 = 'be67f8871a4d2c75f13a51c1d3c30ac0d74d4ef4';
const C2 = '3e5c2f0a8b9d1c4e6f7a8b9c0d1e2f3a4b5c6d7e';
const C3 = '7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d';

const normal = azureIdentity(
  'Normal Paulk',
  'fabrikamfiber16@hotmail.com',
  'd6245f20-2af8-44f4-9451-8107cb2767db',
);
const christie = azureIdentity(
  'Christie Church',
  'fabrikamfiber1@hotmail.com',
  '3b5f0c34-4aec-4bf4-8708-1d36f0dbc468',
);
const jamal = azureIdentity(
  'Jamal Hartnett',
  'fabrikamfiber4@hotmail.com',
  '19d9411e-9a34-45bb-b985-d24d9d87c0c9',
);
const chuck = azureIdentity(
  'Chuck Reinhart',
  'fabrikamfiber3@hotmail.com',
  '8c8c7d32-6b1b-47f4-b2e9-30b477b5ab3d',
);

const PR_22: AzurePullOptions = {
  id: 22,
  title: 'Ledger rounding',
  createdBy: normal,
  status: 'completed',
  closedBy: christie,
  lastMergeCommit: MERGE,
  source: 'feature/ledger-rounding',
  closedDate: '2024-05-07T09:00:00.0000000Z',
};
const PR_22_REVIEWERS = [
  azureReviewer(christie, 10, [azureReviewer(FIBER_TEAM, 10)]),
  azureReviewer(FIBER_TEAM, 10),
  azureReviewer(jamal, 5),
  azureReviewer(chuck, 0),
];
const PR_23: AzurePullOptions = {
  id: 23,
  title: 'Ledger currency codes',
  createdBy: normal,
  status: 'active',
  lastMergeCommit: 'aa01bb02cc03dd04ee05ff06aa07bb08cc09dd10',
  source: 'feature/currency',
};
const PR_23_REVIEWERS = [azureReviewer(normal, 10), azureReviewer(jamal, -5)];

const normalGit = { name: 'Normal Paulk', email: 'fabrikamfiber16@hotmail.com' };
const COMMITS = [
  azureCommit(C1, 'Round half to even', normalGit),
  azureCommit(
    C2,
    'Tests for rounding',
    { name: 'Jamal Hartnett', email: 'fabrikamfiber4@hotmail.com' },
    normalGit,
  ),
  azureCommit(C3, 'Review fixes', normalGit),
];

const EXPECTED_22 = {
  provider: 'azure',
  url: `${AZURE_WEB_REPO}/pullrequest/22`,
  number: 22,
  title: 'Ledger rounding',
  state: 'merged',
  author: 'fabrikamfiber16@hotmail.com',
  reviews: [
    { author: 'fabrikamfiber1@hotmail.com', state: 'approved' },
    { author: 'fabrikamfiber4@hotmail.com', state: 'approved' },
    { author: 'fabrikamfiber3@hotmail.com', state: 'pending' },
  ],
  commits: [
    {
      sha: C1,
      author: 'fabrikamfiber16@hotmail.com',
      committer: 'fabrikamfiber16@hotmail.com',
      message: 'Round half to even',
    },
    {
      sha: C2,
      author: 'fabrikamfiber4@hotmail.com',
      committer: 'fabrikamfiber16@hotmail.com',
      message: 'Tests for rounding',
    },
    {
      sha: C3,
      author: 'fabrikamfiber16@hotmail.com',
      committer: 'fabrikamfiber16@hotmail.com',
      message: 'Review fixes',
    },
  ],
  mergedBy: 'fabrikamfiber1@hotmail.com',
  sourceBranch: 'feature/ledger-rounding',
  targetBranch: 'main',
};

let server: FakeProvider;

/** `items` two per page, more announced by `x-ms-continuationtoken` (the index of the next item here). */
function paged(items: readonly unknown[]) {
  const pages = pagesOf(items, 2);
  return (request: FakeRequest) => {
    const start = Number(request.query.get('continuationToken') ?? '0');
    const page = pages[start / 2] ?? [];
    const next = start + 2 < items.length ? { 'x-ms-continuationtoken': String(start + 2) } : undefined;
    return { json: { count: page.length, value: page }, ...(next !== undefined && { headers: next }) };
  };
}

function routePull(options: AzurePullOptions, reviewers: readonly unknown[], commits: readonly unknown[]) {
  server.route('GET', `${GIT}/pullrequests/${options.id}`, { json: azurePull(options, reviewers) });
  server.route('GET', `${GIT}/pullRequests/${options.id}/commits`, paged(commits));
}

/** What the pull request query answers, per commit: pull requests by last merge commit and by commit. */
const queryAnswers = new Map<string, { lastMergeCommit: unknown[]; commit: unknown[] }>();

function env(extra: Record<string, string> = {}) {
  return {
    TF_BUILD: 'True',
    SYSTEM_COLLECTIONURI: `${server.origin}/fabrikam/`,
    SYSTEM_TEAMPROJECT: 'Fabrikam Fiber',
    BUILD_REPOSITORY_NAME: 'fabrikam-payments',
    BUILD_REPOSITORY_ID: '3411ebc1-d5aa-464f-9615-0b527bc66719',
    BUILD_REPOSITORY_PROVIDER: 'TfsGit',
    SYSTEM_PULLREQUEST_PULLREQUESTID: '22',
    BUILD_SOURCEVERSION: MERGE,
    SYSTEM_ACCESSTOKEN: SYSTEM_TOKEN,
    ...extra,
  };
}

before(async () => {
  server = await startFakeProvider({
    authorized: (r) =>
      r.headers.authorization === `Bearer ${SYSTEM_TOKEN}` || r.headers.authorization === PAT_BASIC,
    unauthorized: (r) => (r.headers.authorization === undefined ? AZURE_UNAUTHORIZED : AZURE_SIGN_IN_PAGE),
    notFound: AZURE_NOT_FOUND,
  });
  routePull(PR_22, PR_22_REVIEWERS, COMMITS);
  routePull(PR_23, PR_23_REVIEWERS, [COMMITS[0]]);
  server.route('POST', `${GIT}/pullrequestquery`, (request) => {
    const body = JSON.parse(request.body) as { queries: { type: string; items: string[] }[] };
    return {
      json: {
        queries: body.queries,
        results: body.queries.map(({ type, items }) =>
          Object.fromEntries(
            items.map((sha) => {
              const answer = queryAnswers.get(sha);
              return [sha, (type === 'lastMergeCommit' ? answer?.lastMergeCommit : answer?.commit) ?? []];
            }),
          ),
        ),
      },
    };
  });
});
after(() => server.close());

describe('readPullRequest azure', () => {
  it('reads a completed pull request with votes, leaving out the group vote, following continuation tokens', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('azure', {}, env());

    assert.deepEqual(read.data, EXPECTED_22);
    assert.deepEqual(parsePullRequestData(read.data), EXPECTED_22);
    exchange.assertRaw(read, [
      'azure-pull-22.json',
      'azure-pull-22-commits-page1.json',
      'azure-pull-22-commits-page2.json',
    ]);
    const requests = exchange.requests();
    assert.deepEqual(requests.map(requestLine), [
      `${GIT}/pullrequests/22?api-version=7.1`,
      `${GIT}/pullRequests/22/commits?$top=100&api-version=7.1`,
      `${GIT}/pullRequests/22/commits?$top=100&api-version=7.1&continuationToken=2`,
    ]);
    assert.ok(requests.every((r) => r.headers.authorization === `Bearer ${SYSTEM_TOKEN}`));
  });

  it('sends a PAT as Basic with an empty user name', async () => {
    const exchange = watch(server);
    const read = await readPullRequest('azure', { token: PAT }, env({ SYSTEM_ACCESSTOKEN: '' }));
    assert.equal(read.data.number, 22);
    assert.equal(exchange.requests()[0]?.headers.authorization, PAT_BASIC);
  });

  it('feeds the evaluator: approvals by others comply; a self-approval with "waiting for author" does not', async () => {
    const evaluate = (data: PullRequestData) => evaluated(data, { minApprovals: 2 });
    const completed = await readPullRequest('azure', {}, env());
    assert.equal(evaluate(completed.data).compliant, true);
    const active = await readPullRequest('azure', { number: '23' }, env());
    assert.deepEqual(active.data.reviews, [
      { author: 'fabrikamfiber16@hotmail.com', state: 'approved' },
      { author: 'fabrikamfiber4@hotmail.com', state: 'changes_requested' },
    ]);
    const evaluation = evaluate(active.data);
    assert.equal(evaluation.compliant, false);
    assert.equal(evaluation.summary.selfApproved, true);
    assert.deepEqual(evaluation.summary.changesRequestedBy, ['fabrikamfiber4@hotmail.com']);
  });

  it('finds the pull request of a commit with the pull request query: several, the one merged as it wins', async () => {
    queryAnswers.set(MERGE, {
      lastMergeCommit: [azurePull(PR_22, [])],
      commit: [azurePull(PR_22, []), azurePull(PR_23, [])],
    });
    const exchange = watch(server);
    const read = await readPullRequest('azure', {}, env({ SYSTEM_PULLREQUEST_PULLREQUESTID: '' }));
    assert.equal(read.data.number, 22);
    assert.equal(read.raw[0]?.name, `azure-commit-${MERGE}-pulls.json`);
    assert.match(
      read.note ?? '',
      /belongs to 2 pull requests in Fabrikam Fiber\/fabrikam-payments \(22, 23\); read 22/,
    );
    const query = exchange.requests()[0];
    assert.equal(query?.method, 'POST');
    assert.equal(query.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(query.body), {
      queries: [
        { type: 'lastMergeCommit', items: [MERGE] },
        { type: 'commit', items: [MERGE] },
      ],
    });
  });

  it('finds the pull request of a commit: exactly one, and none', async () => {
    queryAnswers.set(C1, { lastMergeCommit: [], commit: [azurePull(PR_23, [])] });
    const read = await readPullRequest('azure', { commit: C1 }, env());
    assert.equal(read.data.number, 23);
    assert.equal(read.note, undefined);
    await rejectsWith(
      readPullRequest('azure', { commit: C2 }, env()),
      'not_found',
      new RegExp(`^no pull request found for commit ${C2} in Fabrikam Fiber/fabrikam-payments; pass --pr N$`),
    );
  });

  it('answers 401 without a token by naming the variables, and a sign-in page (203) for a bad one', async () => {
    await rejectsWith(
      readPullRequest('azure', {}, env({ SYSTEM_ACCESSTOKEN: '' })),
      'unauthorized',
      /^Azure DevOps needs a token to read pull request 22 in Fabrikam Fiber\/fabrikam-payments \(401 for GET .*\): pass --token \(a PAT\), map SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\), or set AZURE_DEVOPS_EXT_PAT$/,
    );
    const wrong = 'not-a-valid-pat-0123456789';
    const message = await rejectsWith(
      readPullRequest('azure', {}, env({ SYSTEM_ACCESSTOKEN: '', AZURE_DEVOPS_EXT_PAT: wrong })),
      'unauthorized',
      /^Azure DevOps answered GET .*\/fabrikam\/Fabrikam%20Fiber\/_apis\/git\/repositories\/fabrikam-payments\/pullrequests\/22\?api-version=7\.1 with a sign-in page \(203\): the token was not accepted$/,
    );
    assert.ok(!message.includes(wrong));
  });

  it('answers 404 for an unknown pull request', async () => {
    await rejectsWith(
      readPullRequest('azure', { number: 999 }, env()),
      'not_found',
      /^Azure DevOps has no pull request 999 in Fabrikam Fiber\/fabrikam-payments \(404 for GET .*\)$/,
    );
  });
});
