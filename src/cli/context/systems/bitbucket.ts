import { envValue, joinUrl, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Bitbucket Pipelines (Cloud). Source: Atlassian Support, Bitbucket Cloud, "Variables and secrets" →
 * "Default variables" (support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets).
 *
 * - Marker: `BITBUCKET_BUILD_NUMBER` — "The unique identifier for a build." (Bitbucket sets no
 *   `BITBUCKET=true`; `CI=true` is shared with other systems.)
 * - commit: `BITBUCKET_COMMIT` — "The commit hash of a commit that kicked off the build."
 * - repositoryUrl: `BITBUCKET_GIT_HTTP_ORIGIN` — "The URL for the origin, for example:
 *   http://bitbucket.org/<account>/<repo>" (kept as given, scheme included).
 * - buildUrl: `$BITBUCKET_GIT_HTTP_ORIGIN/pipelines/results/$BITBUCKET_BUILD_NUMBER`. Atlassian does
 *   not document a build-URL variable; this is the path of a pipeline's result page in the
 *   Bitbucket Cloud web UI under the repository URL.
 * - branch: `BITBUCKET_BRANCH` — "The source branch. This value is only available on branches. Not
 *   available for builds against tags, or custom pipelines."
 * - actor: `BITBUCKET_STEP_TRIGGERER_UUID` — the UUID (with braces) of the account that triggered the
 *   step; Bitbucket exposes no user name.
 * - pullRequest: `BITBUCKET_PR_ID` — "The pull request ID. Only available on a pull request triggered build."
 */
export const bitbucket: CiSystemModule = {
  system: 'bitbucket',
  detect: (env: Env) => envValue(env, 'BITBUCKET_BUILD_NUMBER') !== undefined,
  read(env: Env) {
    const origin = envValue(env, 'BITBUCKET_GIT_HTTP_ORIGIN');
    const buildNumber = envValue(env, 'BITBUCKET_BUILD_NUMBER');
    return compact({
      system: 'bitbucket',
      commit: envValue(env, 'BITBUCKET_COMMIT'),
      buildUrl:
        origin !== undefined && buildNumber !== undefined
          ? joinUrl(origin, `pipelines/results/${buildNumber}`)
          : undefined,
      repositoryUrl: origin,
      branch: envValue(env, 'BITBUCKET_BRANCH'),
      actor: envValue(env, 'BITBUCKET_STEP_TRIGGERER_UUID'),
      pullRequest: envValue(env, 'BITBUCKET_PR_ID'),
    });
  },
};
