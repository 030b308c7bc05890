import { envIs, envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Buildkite. Source: Buildkite Docs, "Environment variables" → "Buildkite environment variables"
 * (buildkite.com/docs/pipelines/environment-variables).
 *
 * - Marker: `BUILDKITE` — "Always `true`".
 * - commit: `BUILDKITE_COMMIT` — "The git commit object of the build. This is usually a 40-byte
 *   hexadecimal SHA-1 hash, but can also be a symbolic name like `HEAD`": only a hexadecimal object
 *   name is taken, a symbolic name is left for the local repository to resolve.
 * - buildUrl: `BUILDKITE_BUILD_URL` — "The url for this build on Buildkite".
 * - repositoryUrl: `BUILDKITE_REPO` — "The repository of your pipeline" (a clone URL, e.g.
 *   `git@github.com:acme-inc/my-project.git`).
 * - branch: `BUILDKITE_BRANCH` — "The branch being built" (for pull requests, the PR's branch); on tag
 *   builds Buildkite puts the tag there too, so it is dropped when it equals `BUILDKITE_TAG`.
 * - actor: `BUILDKITE_BUILD_CREATOR` — "The name of the user who created the build" (Buildkite maps
 *   webhook builds to the commit author when it can).
 * - pullRequest: `BUILDKITE_PULL_REQUEST` — "The number of the pull request or `false` if not a pull request".
 */
export const buildkite: CiSystemModule = {
  system: 'buildkite',
  detect: (env: Env) => envIs(env, 'BUILDKITE', 'true'),
  read(env: Env) {
    const commit = envValue(env, 'BUILDKITE_COMMIT');
    const branch = envValue(env, 'BUILDKITE_BRANCH');
    const pullRequest = envValue(env, 'BUILDKITE_PULL_REQUEST');
    return compact({
      system: 'buildkite',
      commit: commit !== undefined && /^[0-9a-f]{7,64}$/i.test(commit) ? commit : undefined,
      buildUrl: envValue(env, 'BUILDKITE_BUILD_URL'),
      repositoryUrl: envValue(env, 'BUILDKITE_REPO'),
      branch: branch === envValue(env, 'BUILDKITE_TAG') ? undefined : branch,
      actor: envValue(env, 'BUILDKITE_BUILD_CREATOR'),
      pullRequest: pullRequest === 'false' ? undefined : pullRequest,
    });
  },
};
