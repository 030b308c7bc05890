import type { ReviewState } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { apiUrl } from './apiUrl.ts';
import { arrayBody, collectPages } from './collectPages.ts';
import { commitMessage, definedFields } from './neutralFields.ts';
import { linkHeaderNext } from './nextPage.ts';
import type { PullRequestCandidate, PullRequestRead, PullRequestTarget } from './pullRequestRead.ts';
import { readProviderPullRequest } from './readProviderPullRequest.ts';
import type { JsonObject, ResponseShape } from './responseShape.ts';

// GitHub REST API v3, docs.github.com/rest:
// - pulls/pulls#get-a-pull-request: `state` is `open` or `closed`; a merged pull request is `closed`
//   with `merged: true` and `merged_at` set; `merged_by`, `head.ref`, `base.ref`, `html_url`, `commits`.
// - pulls/reviews#list-reviews-for-a-pull-request: "The list of reviews returns in chronological
//   order"; `state` is APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING; `user` may be null.
// - pulls/pulls#list-commits-on-a-pull-request: "Lists a maximum of 250 commits for a pull request".
//   `author` / `committer` are the linked GitHub accounts (null when the e-mail matches none);
//   `commit.author` / `commit.committer` carry git's name and e-mail.
// - commits/commits#list-pull-requests-associated-with-a-commit: the merged pull request that
//   introduced the commit, or, off the default branch, the merged and open ones containing it.
// - using-the-rest-api/using-pagination-in-the-rest-api: follow the `link` header's rel="next" URL;
//   `per_page` is at most 100.
// Authentication: `Authorization: Bearer TOKEN`; the API version and media type as GitHub recommends.

const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
const PER_PAGE = { per_page: '100' };
/** "Lists a maximum of 250 commits for a pull request." */
const COMMIT_LIST_LIMIT = 250;

const REVIEW_STATES: ReadonlyMap<string, ReviewState> = new Map([
  ['APPROVED', 'approved'],
  ['CHANGES_REQUESTED', 'changes_requested'],
  ['COMMENTED', 'commented'],
  ['DISMISSED', 'dismissed'],
  ['PENDING', 'pending'],
]);

/** A GitHub account's login; GitHub shows deleted accounts as `ghost`. */
function login(shape: ResponseShape, parent: JsonObject, key: string): string {
  const user = shape.optionalObject(parent, key);
  return user === undefined ? 'ghost' : shape.text(user, 'login', `${key}.login`);
}

/** Who made a commit: the linked account's login, else git's e-mail, else git's name. */
function person(shape: ResponseShape, item: JsonObject, key: 'author' | 'committer'): string | undefined {
  const account = shape.optionalObject(item, key);
  if (account !== undefined) return shape.text(account, 'login', `${key}.login`);
  const git = shape.optionalObject(shape.object(item.commit, 'commit'), key, `commit.${key}`);
  if (git === undefined) return undefined;
  return (
    shape.optionalText(git, 'email', `commit.${key}.email`) ??
    shape.optionalText(git, 'name', `commit.${key}.name`)
  );
}

function stateOf(shape: ResponseShape, pull: JsonObject): PullRequestCandidate['state'] {
  if (pull.merged === true || shape.optionalText(pull, 'merged_at') !== undefined) return 'merged';
  return shape.text(pull, 'state') === 'open' ? 'open' : 'closed';
}

export function readGitHubPullRequest(
  target: PullRequestTarget,
  fetchImpl: typeof fetch = fetch,
): Promise<PullRequestRead> {
  const repo = (path: readonly (string | number)[], query?: Record<string, string>) =>
    apiUrl(target.baseUrl, ['repos', ...target.repositoryPath, ...path], query);
  return readProviderPullRequest(
    target,
    {
      label: 'GitHub',
      headers: HEADERS,
      find: (client, commit) =>
        collectPages(client, {
          first: repo(['commits', commit, 'pulls'], PER_PAGE),
          raw: (page) => `github-commit-${commit}-pulls-page${page}.json`,
          subject: `pull requests of commit ${commit} in ${target.repository}`,
          items: arrayBody,
          map: (pull, shape): PullRequestCandidate =>
            definedFields({
              number: shape.integer(pull, 'number'),
              state: stateOf(shape, pull),
              mergeCommits: [shape.optionalText(pull, 'merge_commit_sha')].filter((c) => c !== undefined),
              updatedAt: shape.optionalText(pull, 'updated_at'),
            }),
          next: linkHeaderNext,
        }),
      async read(client, number) {
        const subject = `pull request ${number} in ${target.repository}`;
        const reply = await client.json({
          url: repo(['pulls', number]),
          raw: `github-pull-${number}.json`,
          subject,
        });
        const { shape } = reply;
        const pull = shape.object(reply.body, 'the pull request');
        const state = stateOf(shape, pull);
        // The pull request's own fields first, so a malformed answer fails before more requests.
        const fields = definedFields({
          provider: 'github',
          url: shape.text(pull, 'html_url'),
          number: shape.integer(pull, 'number'),
          title: shape.optionalText(pull, 'title'),
          state,
          author: login(shape, pull, 'user'),
          mergedBy: state === 'merged' ? optionalLogin(shape, pull, 'merged_by') : undefined,
          sourceBranch: shape.optionalText(shape.object(pull.head, 'head'), 'ref', 'head.ref'),
          targetBranch: shape.optionalText(shape.object(pull.base, 'base'), 'ref', 'base.ref'),
        });
        const reviews = await collectPages(client, {
          first: repo(['pulls', number, 'reviews'], PER_PAGE),
          raw: (page) => `github-pull-${number}-reviews-page${page}.json`,
          subject: `reviews of ${subject}`,
          items: arrayBody,
          map: (review, page) => {
            // A review by a deleted account cannot be attributed to anyone; it does not count.
            if (page.optionalObject(review, 'user') === undefined) return undefined;
            const state = REVIEW_STATES.get(page.text(review, 'state'));
            if (state === undefined) return page.fail('state', 'a known review state');
            return { author: login(page, review, 'user'), state };
          },
          next: linkHeaderNext,
        });
        const commits = await collectPages(client, {
          first: repo(['pulls', number, 'commits'], PER_PAGE),
          raw: (page) => `github-pull-${number}-commits-page${page}.json`,
          subject: `commits of ${subject}`,
          items: arrayBody,
          map: (item, page) =>
            definedFields({
              sha: page.text(item, 'sha'),
              author: person(page, item, 'author'),
              committer: person(page, item, 'committer'),
              message: commitMessage(
                page.text(page.object(item.commit, 'commit'), 'message', 'commit.message'),
              ),
            }),
          next: linkHeaderNext,
        });
        const total = typeof pull.commits === 'number' ? pull.commits : commits.length;
        const data = { ...fields, reviews, commits };
        return total > commits.length && total > COMMIT_LIST_LIMIT
          ? {
              data,
              note: `GitHub lists at most ${COMMIT_LIST_LIMIT} commits of a pull request: ${commits.length} of its ${total} commits were read`,
            }
          : { data };
      },
    },
    fetchImpl,
  );
}

function optionalLogin(shape: ResponseShape, parent: JsonObject, key: string): string | undefined {
  return shape.optionalObject(parent, key) === undefined ? undefined : login(shape, parent, key);
}
