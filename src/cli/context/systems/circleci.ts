import { envIs, envValue, numberFrom, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * CircleCI. Source: CircleCI Docs, "Project values and variables" → "Built-in environment variables"
 * (circleci.com/docs/reference/variables).
 *
 * - Marker: `CIRCLECI` — "`true` (represents whether the current environment is a CircleCI environment)".
 * - commit: `CIRCLE_SHA1` — "The SHA1 hash of the last commit of the current build."
 * - buildUrl: `CIRCLE_BUILD_URL` — "The URL for the current job on CircleCI."
 * - repositoryUrl: `CIRCLE_REPOSITORY_URL` — "The URL of your GitHub or Bitbucket repository" (in
 *   practice often the SSH clone URL, kept as given).
 * - branch: `CIRCLE_BRANCH` — "The name of the Git branch currently being built."
 * - actor: `CIRCLE_USERNAME` — "The GitHub or Bitbucket username of the user who triggered the
 *   pipeline (only if the user has a CircleCI account)."
 * - pullRequest: `CIRCLE_PR_NUMBER` ("Only available on forked PRs"), else the number at the end of
 *   `CIRCLE_PULL_REQUEST` ("The URL of the associated pull request", e.g. `…/pull/123`).
 *   CircleCI marks several of these as unavailable for GitLab and GitHub App projects.
 */
export const circleci: CiSystemModule = {
  system: 'circleci',
  detect: (env: Env) => envIs(env, 'CIRCLECI', 'true'),
  read(env: Env) {
    return compact({
      system: 'circleci',
      commit: envValue(env, 'CIRCLE_SHA1'),
      buildUrl: envValue(env, 'CIRCLE_BUILD_URL'),
      repositoryUrl: envValue(env, 'CIRCLE_REPOSITORY_URL'),
      branch: envValue(env, 'CIRCLE_BRANCH'),
      actor: envValue(env, 'CIRCLE_USERNAME'),
      pullRequest:
        envValue(env, 'CIRCLE_PR_NUMBER') ??
        numberFrom(
          envValue(env, 'CIRCLE_PULL_REQUEST'),
          /\/(?:pull|pull-requests|merge_requests)\/(\d+)\/?$/,
        ),
    });
  },
};
