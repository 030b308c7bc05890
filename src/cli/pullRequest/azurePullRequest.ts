import type { ReviewState } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { EvidentError } from '../../core/errors.ts';
import { apiUrl } from './apiUrl.ts';
import { collectPages } from './collectPages.ts';
import { branchName, commitMessage, definedFields } from './neutralFields.ts';
import { azureContinuation } from './nextPage.ts';
import type { PullRequestCandidate, PullRequestRead, PullRequestTarget } from './pullRequestRead.ts';
import { readProviderPullRequest } from './readProviderPullRequest.ts';
import type { JsonObject, ResponseShape } from './responseShape.ts';

// Azure DevOps Services REST API 7.1, learn.microsoft.com/rest/api/azure/devops/git:
// - pull-requests/get-pull-request: GitPullRequest with `pullRequestId`, `status` (`active`,
//   `abandoned`, `completed`), `createdBy`, `closedBy`, `creationDate`, `closedDate`, `title`,
//   `sourceRefName` / `targetRefName` (full ref names), `lastMergeCommit.commitId`, `repository`,
//   `reviewers[]`.
// - IdentityRefWithVote: `vote` is 10 approved, 5 approved with suggestions, 0 no vote, -5 waiting for
//   author, -10 rejected. "Groups and teams can be reviewers on pull requests but can not vote
//   directly. When a member of the group or team votes, that vote is rolled up into the group or team
//   vote" — so group reviewers (`isContainer`) are left out: their vote is a member's, counted already.
//   People are `uniqueName` (the sign-in name, usually an e-mail address), else `displayName`.
// - pull-request-commits/get-pull-request-commits: `$top` and `continuationToken`; the answer's
//   `value[]` are GitCommitRefs (`commitId`, `author` / `committer` with `name` and `email`, `comment`);
//   more pages are announced by the `x-ms-continuationtoken` response header.
// - pull-request-query/get: `POST …/pullrequestquery` with `queries: [{ type, items }]`, where type
//   `lastMergeCommit` finds "the pull request that created a particular merge commit" and `commit`
//   "all pull requests that have ever merged a particular commit"; `results[n]` maps each commit to
//   its pull requests.
// Authentication: Basic with an empty user name and a PAT, or `Bearer` with System.AccessToken.

const API_VERSION = { 'api-version': '7.1' };

/** An answer of 203 with a sign-in page is how Azure DevOps turns away a token it does not accept. */
function signInPage(status: number, request: string): EvidentError | undefined {
  return status === 203
    ? new EvidentError(
        'unauthorized',
        `Azure DevOps answered ${request} with a sign-in page (203): the token was not accepted`,
      )
    : undefined;
}

function identity(shape: ResponseShape, who: JsonObject, path: string): string {
  return (
    shape.optionalText(who, 'uniqueName', `${path}.uniqueName`) ??
    shape.text(who, 'displayName', `${path}.displayName`)
  );
}

function reviewOf(vote: number): ReviewState {
  if (vote > 0) return 'approved';
  return vote < 0 ? 'changes_requested' : 'pending';
}

function stateOf(shape: ResponseShape, pr: JsonObject): PullRequestCandidate['state'] {
  const status = shape.text(pr, 'status');
  if (status === 'completed') return 'merged';
  return status === 'abandoned' ? 'closed' : 'open';
}

function gitPerson(shape: ResponseShape, commit: JsonObject, key: string): string | undefined {
  const who = shape.optionalObject(commit, key);
  if (who === undefined) return undefined;
  return shape.optionalText(who, 'email', `${key}.email`) ?? shape.optionalText(who, 'name', `${key}.name`);
}

export function readAzurePullRequest(
  target: PullRequestTarget,
  fetchImpl: typeof fetch = fetch,
): Promise<PullRequestRead> {
  const [project = '', repository = ''] = target.repositoryPath;
  const git = (path: readonly (string | number)[], query: Record<string, string> = {}) =>
    apiUrl(target.baseUrl, [project, '_apis', 'git', 'repositories', repository, ...path], {
      ...query,
      ...API_VERSION,
    });
  return readProviderPullRequest(
    target,
    {
      label: 'Azure DevOps',
      headers: { accept: 'application/json' },
      async find(client, commit) {
        const url = git(['pullrequestquery']);
        const reply = await client.json({
          url,
          raw: `azure-commit-${commit}-pulls.json`,
          subject: `pull requests of commit ${commit} in ${target.repository}`,
          post: {
            queries: [
              { type: 'lastMergeCommit', items: [commit] },
              { type: 'commit', items: [commit] },
            ],
          },
          onStatus: (status) => signInPage(status, `POST ${url.href}`),
        });
        const { shape } = reply;
        const results = shape.objects(shape.object(reply.body, 'the query').results, 'results');
        return results.flatMap((byCommit, index) =>
          Object.entries(byCommit).flatMap(([sha, prs]) =>
            shape.objects(prs, `results[${index}].${sha}`).map((pr): PullRequestCandidate => {
              const merge = shape.optionalObject(pr, 'lastMergeCommit');
              return definedFields({
                number: shape.integer(pr, 'pullRequestId'),
                state: stateOf(shape, pr),
                mergeCommits:
                  merge === undefined ? [] : [shape.text(merge, 'commitId', 'lastMergeCommit.commitId')],
                updatedAt: shape.optionalText(pr, 'closedDate') ?? shape.optionalText(pr, 'creationDate'),
              });
            }),
          ),
        );
      },
      async read(client, number) {
        const subject = `pull request ${number} in ${target.repository}`;
        const url = git(['pullrequests', number]);
        const reply = await client.json({
          url,
          raw: `azure-pull-${number}.json`,
          subject,
          onStatus: (status) => signInPage(status, `GET ${url.href}`),
        });
        const { shape } = reply;
        const pr = shape.object(reply.body, 'the pull request');
        const state = stateOf(shape, pr);
        const closedBy = shape.optionalObject(pr, 'closedBy');
        const repo = shape.optionalObject(pr, 'repository');
        const webUrl =
          repo === undefined ? undefined : shape.optionalText(repo, 'webUrl', 'repository.webUrl');
        // The pull request's own fields first, so a malformed answer fails before more requests.
        const fields = definedFields({
          provider: 'azure',
          // The web UI's pull request page under the repository's web URL.
          url: `${webUrl ?? apiUrl(target.baseUrl, [project, '_git', repository]).href}/pullrequest/${number}`,
          number: shape.integer(pr, 'pullRequestId'),
          title: shape.optionalText(pr, 'title'),
          state,
          author: identity(shape, shape.object(pr.createdBy, 'createdBy'), 'createdBy'),
          reviews: shape.objects(pr.reviewers ?? [], 'reviewers').flatMap((reviewer, index) =>
            reviewer.isContainer === true
              ? []
              : [
                  {
                    author: identity(shape, reviewer, `reviewers[${index}]`),
                    state: reviewOf(shape.integer(reviewer, 'vote', `reviewers[${index}].vote`)),
                  },
                ],
          ),
          mergedBy:
            state === 'merged' && closedBy !== undefined ? identity(shape, closedBy, 'closedBy') : undefined,
          sourceBranch: branchName(shape.optionalText(pr, 'sourceRefName')),
          targetBranch: branchName(shape.optionalText(pr, 'targetRefName')),
        });
        const commitsUrl = git(['pullRequests', number, 'commits'], { $top: '100' });
        const commits = await collectPages(client, {
          first: commitsUrl,
          raw: (page) => `azure-pull-${number}-commits-page${page}.json`,
          subject: `commits of ${subject}`,
          items: (body, page) => page.objects(page.object(body, 'the page').value, 'value'),
          map: (item, page) =>
            definedFields({
              sha: page.text(item, 'commitId'),
              author: gitPerson(page, item, 'author'),
              committer: gitPerson(page, item, 'committer'),
              // `comment` may be cut short (`commentTruncated`); the raw answer says so.
              message: commitMessage(page.optionalText(item, 'comment')),
            }),
          next: azureContinuation,
          onStatus: (status) => signInPage(status, `GET ${commitsUrl.href}`),
        });
        return { data: { ...fields, commits } };
      },
    },
    fetchImpl,
  );
}
