import { apiUrl } from './apiUrl.ts';
import { arrayBody, collectPages } from './collectPages.ts';
import { commitMessage, definedFields } from './neutralFields.ts';
import { gitlabNextPage } from './nextPage.ts';
import type { PullRequestCandidate, PullRequestRead, PullRequestTarget } from './pullRequestRead.ts';
import { readProviderPullRequest } from './readProviderPullRequest.ts';
import type { JsonObject, ResponseShape } from './responseShape.ts';

// GitLab REST API v4, docs.gitlab.com/api:
// - merge_requests#get-single-mr: `state` is `opened`, `closed`, `locked` ("a short-lived, transitional
//   state" while merging) or `merged`; `author.username`; `merge_user` (GitLab 14.7+, replacing the
//   deprecated `merged_by`); `source_branch`, `target_branch`, `web_url`, `merge_commit_sha`,
//   `squash_commit_sha`, `updated_at`.
// - merge_request_approvals ("Get approval state" of a merge request):
//   `GET /projects/:id/merge_requests/:merge_request_iid/approvals` → `approved_by[].user.username`.
//   GitLab has no per-review history here: who approved now is what counts.
// - merge_requests#get-single-merge-request-commits: `author_name`, `author_email`, `committer_name`,
//   `committer_email`, `message`; GitLab gives no account for a commit, so people are e-mail addresses.
// - commits#list-merge-requests-associated-with-a-commit:
//   `GET /projects/:id/repository/commits/:sha/merge_requests`.
// - rest#pagination: offset pagination with `page` and `per_page` (at most 100); the `x-next-page`
//   header holds the next page's number and is empty on the last page.
// - rest#namespaced-paths: `:id` is the numeric id or the URL-encoded path (`group%2Fproject`).
// Authentication: `PRIVATE-TOKEN: <access token>`.

const PER_PAGE = { per_page: '100' };

function stateOf(shape: ResponseShape, mr: JsonObject): PullRequestCandidate['state'] {
  const state = shape.text(mr, 'state');
  if (state === 'merged') return 'merged';
  return state === 'closed' ? 'closed' : 'open';
}

function username(shape: ResponseShape, parent: JsonObject, key: string): string | undefined {
  const user = shape.optionalObject(parent, key);
  return user === undefined ? undefined : shape.text(user, 'username', `${key}.username`);
}

export function readGitLabPullRequest(
  target: PullRequestTarget,
  fetchImpl: typeof fetch = fetch,
): Promise<PullRequestRead> {
  const project = (path: readonly (string | number)[], query?: Record<string, string>) =>
    apiUrl(target.baseUrl, ['projects', ...target.repositoryPath, ...path], query);
  return readProviderPullRequest(
    target,
    {
      label: 'GitLab',
      headers: { accept: 'application/json' },
      find: (client, commit) =>
        collectPages(client, {
          first: project(['repository', 'commits', commit, 'merge_requests'], PER_PAGE),
          raw: (page) => `gitlab-commit-${commit}-pulls-page${page}.json`,
          subject: `merge requests of commit ${commit} in ${target.repository}`,
          items: arrayBody,
          map: (mr, shape): PullRequestCandidate =>
            definedFields({
              number: shape.integer(mr, 'iid'),
              state: stateOf(shape, mr),
              mergeCommits: [
                shape.optionalText(mr, 'merge_commit_sha'),
                shape.optionalText(mr, 'squash_commit_sha'),
              ].filter((c) => c !== undefined),
              updatedAt: shape.optionalText(mr, 'updated_at'),
            }),
          next: gitlabNextPage,
        }),
      async read(client, number) {
        const subject = `merge request ${number} in ${target.repository}`;
        const reply = await client.json({
          url: project(['merge_requests', number]),
          raw: `gitlab-pull-${number}.json`,
          subject,
        });
        const { shape } = reply;
        const mr = shape.object(reply.body, 'the merge request');
        const state = stateOf(shape, mr);
        // The merge request's own fields first, so a malformed answer fails before more requests.
        const fields = definedFields({
          provider: 'gitlab',
          url: shape.text(mr, 'web_url'),
          number: shape.integer(mr, 'iid'),
          title: shape.optionalText(mr, 'title'),
          state,
          author: username(shape, mr, 'author') ?? shape.fail('author', 'an object'),
          mergedBy:
            state === 'merged'
              ? (username(shape, mr, 'merge_user') ?? username(shape, mr, 'merged_by'))
              : undefined,
          sourceBranch: shape.optionalText(mr, 'source_branch'),
          targetBranch: shape.optionalText(mr, 'target_branch'),
        });
        const approvals = await client.json({
          url: project(['merge_requests', number, 'approvals']),
          raw: `gitlab-pull-${number}-approvals.json`,
          subject: `approvals of ${subject}`,
        });
        const approvalState = approvals.shape.object(approvals.body, 'the approval state');
        const approvers = approvals.shape
          .objects(approvalState.approved_by ?? [], 'approved_by')
          .map(
            (entry, index) =>
              username(approvals.shape, entry, 'user') ??
              approvals.shape.fail(`approved_by[${index}].user`, 'an object'),
          );
        const commits = await collectPages(client, {
          first: project(['merge_requests', number, 'commits'], PER_PAGE),
          raw: (page) => `gitlab-pull-${number}-commits-page${page}.json`,
          subject: `commits of ${subject}`,
          items: arrayBody,
          map: (item, page) =>
            definedFields({
              sha: page.text(item, 'id'),
              author: page.optionalText(item, 'author_email') ?? page.optionalText(item, 'author_name'),
              committer:
                page.optionalText(item, 'committer_email') ?? page.optionalText(item, 'committer_name'),
              message: commitMessage(page.optionalText(item, 'message')),
            }),
          next: gitlabNextPage,
        });
        return { data: { ...fields, approvers, commits } };
      },
    },
    fetchImpl,
  );
}
