import type { ReviewState } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { EvidentError } from '../../core/errors.ts';
import { apiUrl } from './apiUrl.ts';
import { collectPages } from './collectPages.ts';
import { commitMessage, definedFields } from './neutralFields.ts';
import { bitbucketNext } from './nextPage.ts';
import type { PullRequestCandidate, PullRequestRead, PullRequestTarget } from './pullRequestRead.ts';
import { readProviderPullRequest } from './readProviderPullRequest.ts';
import type { JsonObject, ResponseShape } from './responseShape.ts';

// Bitbucket Cloud REST API 2.0, developer.atlassian.com/cloud/bitbucket/rest:
// - api-group-pullrequests, "Get a pull request": `state` is OPEN, MERGED, DECLINED or SUPERSEDED;
//   `participants[]` ("only returned when an API requests a pull request by id") carry `role`
//   (PARTICIPANT or REVIEWER), `approved`, `state` (`approved`, `changes_requested` or null) and
//   `participated_on`; `closed_by` is "the user that closed the request" (for MERGED, who merged it);
//   `merge_commit.hash`, `links.html.href`, `source.branch.name`, `destination.branch.name`, `updated_on`.
// - "List commits on a pull request": commits with `hash`, `message` and `author` — `author.user` when
//   the commit matches a Bitbucket account, else only `author.raw` ("Name <e-mail>"). No committer.
// - "List pull requests that contain a commit" (`/commit/{commit}/pullrequests`): needs the Pull
//   Request Commit Links app; 202 "The repository's pull requests are still being indexed", 404
//   "Either the repository does not exist, or pull request commit links have not yet been indexed".
// - intro#pagination: follow the body's `next` link ("refrain from constructing your own URLs").
// - bitbucket-api-changes-gdpr: user objects have `nickname` instead of a username ("not guaranteed to be
//   globally unique") and the unique `account_id`. People are nicknames here, as readable logins: two
//   people sharing one can only make the check stricter (their approvals merge into one, and an
//   approver who shares the author's nickname is taken for the author), never looser.
// Authentication: `Authorization: Bearer <access token>`, or Basic with a user name and app password.

/**
 * Items per page: "100 being the maximum allowed value. Individual APIs may enforce different values",
 * so somewhat below it; `next` is followed either way.
 */
const PAGE = { pagelen: '50' };

const PARTICIPANT_STATES: ReadonlyMap<string, ReviewState> = new Map([
  ['approved', 'approved'],
  ['changes_requested', 'changes_requested'],
]);

function pageValues(body: unknown, shape: ResponseShape): JsonObject[] {
  return shape.objects(shape.object(body, 'the page').values, 'values');
}

/** A Bitbucket account as a readable name: nickname, else display name, else its ids. */
function account(shape: ResponseShape, user: JsonObject, path: string): string {
  return (
    shape.optionalText(user, 'nickname', `${path}.nickname`) ??
    shape.optionalText(user, 'display_name', `${path}.display_name`) ??
    shape.optionalText(user, 'account_id', `${path}.account_id`) ??
    shape.text(user, 'uuid', `${path}.uuid`)
  );
}

/** A commit's author: the matched account, else the e-mail in `Name <e-mail>`, else the raw text. */
function commitAuthor(shape: ResponseShape, commit: JsonObject): string | undefined {
  const author = shape.optionalObject(commit, 'author');
  if (author === undefined) return undefined;
  const user = shape.optionalObject(author, 'user', 'author.user');
  if (user !== undefined) return account(shape, user, 'author.user');
  const raw = shape.optionalText(author, 'raw', 'author.raw');
  return raw === undefined ? undefined : (/<([^<>\s]+)>/.exec(raw)?.[1] ?? raw.trim());
}

function stateOf(shape: ResponseShape, pr: JsonObject): PullRequestCandidate['state'] {
  const state = shape.text(pr, 'state');
  if (state === 'MERGED') return 'merged';
  return state === 'OPEN' ? 'open' : 'closed';
}

function branch(shape: ResponseShape, pr: JsonObject, key: string): string | undefined {
  const side = shape.optionalObject(pr, key);
  const named = side === undefined ? undefined : shape.optionalObject(side, 'branch', `${key}.branch`);
  return named === undefined ? undefined : shape.optionalText(named, 'name', `${key}.branch.name`);
}

/** What Bitbucket's commit-to-pull-request index answers while it cannot tell yet. */
function indexingError(
  status: number,
  commit: string,
  repository: string,
  url: URL,
): EvidentError | undefined {
  if (status === 202) {
    return new EvidentError(
      'not_found',
      `Bitbucket is still indexing the pull requests of ${repository}; retry later or pass --pr N`,
    );
  }
  if (status !== 404) return undefined;
  return new EvidentError(
    'not_found',
    `Bitbucket found no pull requests for commit ${commit} in ${repository} (404 for GET ${url.href}): the repository does not exist, or its pull request commit links are not indexed yet (open the commit in Bitbucket and choose "Go to pull request" once); or pass --pr N`,
  );
}

export function readBitbucketPullRequest(
  target: PullRequestTarget,
  fetchImpl: typeof fetch = fetch,
): Promise<PullRequestRead> {
  const repo = (path: readonly (string | number)[], query?: Record<string, string>) =>
    apiUrl(target.baseUrl, ['repositories', ...target.repositoryPath, ...path], query);
  return readProviderPullRequest(
    target,
    {
      label: 'Bitbucket',
      headers: { accept: 'application/json' },
      find(client, commit) {
        const first = repo(['commit', commit, 'pullrequests'], PAGE);
        return collectPages(client, {
          first,
          raw: (page) => `bitbucket-commit-${commit}-pulls-page${page}.json`,
          subject: `pull requests of commit ${commit} in ${target.repository}`,
          items: pageValues,
          map: (pr, shape): PullRequestCandidate => {
            const merge = shape.optionalObject(pr, 'merge_commit');
            return definedFields({
              number: shape.integer(pr, 'id'),
              state: stateOf(shape, pr),
              mergeCommits: merge === undefined ? [] : [shape.text(merge, 'hash', 'merge_commit.hash')],
              updatedAt: shape.optionalText(pr, 'updated_on'),
            });
          },
          next: bitbucketNext,
          onStatus: (status) => indexingError(status, commit, target.repository, first),
        });
      },
      async read(client, number) {
        const subject = `pull request ${number} in ${target.repository}`;
        const reply = await client.json({
          url: repo(['pullrequests', number]),
          raw: `bitbucket-pull-${number}.json`,
          subject,
        });
        const { shape } = reply;
        const pr = shape.object(reply.body, 'the pull request');
        const state = stateOf(shape, pr);
        const closedBy = shape.optionalObject(pr, 'closed_by');
        const links = shape.object(pr.links, 'links');
        const participants = shape.objects(pr.participants ?? [], 'participants').map((p, index) => ({
          login: account(
            shape,
            shape.object(p.user, `participants[${index}].user`),
            `participants[${index}].user`,
          ),
          approved: shape.optionalBoolean(p, 'approved', `participants[${index}].approved`) === true,
          state: shape.optionalText(p, 'state', `participants[${index}].state`),
        }));
        // The pull request's own fields first, so a malformed answer fails before more requests.
        const fields = definedFields({
          provider: 'bitbucket',
          url: shape.text(shape.object(links.html, 'links.html'), 'href', 'links.html.href'),
          number: shape.integer(pr, 'id'),
          title: shape.optionalText(pr, 'title'),
          state,
          author: account(shape, shape.object(pr.author, 'author'), 'author'),
          approvers: participants.filter((p) => p.approved).map((p) => p.login),
          reviews: participants.flatMap((p) => {
            const review = p.state === undefined ? undefined : PARTICIPANT_STATES.get(p.state);
            return review === undefined ? [] : [{ author: p.login, state: review }];
          }),
          mergedBy:
            state === 'merged' && closedBy !== undefined ? account(shape, closedBy, 'closed_by') : undefined,
          sourceBranch: branch(shape, pr, 'source'),
          targetBranch: branch(shape, pr, 'destination'),
        });
        const commits = await collectPages(client, {
          first: repo(['pullrequests', number, 'commits'], PAGE),
          raw: (page) => `bitbucket-pull-${number}-commits-page${page}.json`,
          subject: `commits of ${subject}`,
          items: pageValues,
          map: (item, page) =>
            definedFields({
              sha: page.text(item, 'hash'),
              author: commitAuthor(page, item),
              message: commitMessage(page.optionalText(item, 'message')),
            }),
          next: bitbucketNext,
        });
        return { data: { ...fields, commits } };
      },
    },
    fetchImpl,
  );
}
