import { envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Woodpecker CI. Source: Woodpecker Docs, "Environment variables" → "Built-in environment variables"
 * (woodpecker-ci.org/docs/usage/environment).
 *
 * - Marker: `CI=woodpecker` ("CI environment name", example `woodpecker`), or `CI_SYSTEM_NAME=woodpecker`.
 *   Woodpecker began as a Drone fork and releases before 1.0 also set Drone-style variables, so it is
 *   detected before Drone.
 * - commit: `CI_COMMIT_SHA`.
 * - buildUrl: `CI_PIPELINE_URL` — "link to the web UI for the pipeline".
 * - repositoryUrl: `CI_REPO_URL` — "repository web URL".
 * - branch: `CI_COMMIT_SOURCE_BRANCH` (set only for `pull_request` and `pull_request_closed` events),
 *   else `CI_COMMIT_BRANCH` — documented as "commit branch (equals target branch for pull requests)",
 *   hence not used for pull requests; tag events (`CI_PIPELINE_EVENT=tag`) give no branch.
 * - actor: `CI_PIPELINE_AUTHOR` ("pipeline author username"), else `CI_COMMIT_AUTHOR` ("commit author
 *   username") on versions without it.
 * - pullRequest: `CI_COMMIT_PULL_REQUEST` — "commit pull request number".
 */
export const woodpecker: CiSystemModule = {
  system: 'woodpecker',
  detect: (env: Env) =>
    envValue(env, 'CI') === 'woodpecker' || envValue(env, 'CI_SYSTEM_NAME') === 'woodpecker',
  read(env: Env) {
    const isTag = envValue(env, 'CI_PIPELINE_EVENT') === 'tag';
    return compact({
      system: 'woodpecker',
      commit: envValue(env, 'CI_COMMIT_SHA'),
      buildUrl: envValue(env, 'CI_PIPELINE_URL'),
      repositoryUrl: envValue(env, 'CI_REPO_URL'),
      branch:
        envValue(env, 'CI_COMMIT_SOURCE_BRANCH') ?? (isTag ? undefined : envValue(env, 'CI_COMMIT_BRANCH')),
      actor: envValue(env, 'CI_PIPELINE_AUTHOR') ?? envValue(env, 'CI_COMMIT_AUTHOR'),
      pullRequest: envValue(env, 'CI_COMMIT_PULL_REQUEST'),
    });
  },
};
