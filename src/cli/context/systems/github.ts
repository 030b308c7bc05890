import { afterPrefix, envIs, envValue, numberFrom, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * GitHub Actions. Source: GitHub Docs, "Variables reference" → "Default environment variables"
 * (docs.github.com/en/actions/reference/workflows-and-actions/variables).
 *
 * - Marker: `GITHUB_ACTIONS` — "Always set to `true` when GitHub Actions is running the workflow".
 * - commit: `GITHUB_SHA` — "The commit SHA that triggered the workflow"; for `pull_request` events
 *   this is the merge commit GitHub creates, not the head of the PR branch.
 * - buildUrl: the page documents the run URL as `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`.
 * - repositoryUrl: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY` (server URL, e.g. `https://github.com`,
 *   and `owner/name`).
 * - branch: `GITHUB_HEAD_REF` ("the head ref or source branch of the pull request", only set for
 *   `pull_request` / `pull_request_target`); otherwise `GITHUB_REF_NAME` when `GITHUB_REF_TYPE` is
 *   `branch` (on pull requests `GITHUB_REF_NAME` is `<pr_number>/merge`, and on tag runs it is the tag).
 * - actor: `GITHUB_ACTOR` — "The name of the person or app that initiated the workflow".
 * - pullRequest: the number in `GITHUB_REF` = `refs/pull/<pr_number>/merge` (the documented form for
 *   pull request events except `pull_request_target`, whose ref is the base branch: no number then).
 */
export const github: CiSystemModule = {
  system: 'github',
  detect: (env: Env) => envIs(env, 'GITHUB_ACTIONS', 'true'),
  read(env: Env) {
    const server = envValue(env, 'GITHUB_SERVER_URL');
    const repository = envValue(env, 'GITHUB_REPOSITORY');
    const runId = envValue(env, 'GITHUB_RUN_ID');
    const repositoryUrl =
      server !== undefined && repository !== undefined ? `${server}/${repository}` : undefined;
    const ref = envValue(env, 'GITHUB_REF');
    const refType = envValue(env, 'GITHUB_REF_TYPE');
    const branch =
      envValue(env, 'GITHUB_HEAD_REF') ??
      (refType === 'branch' && !ref?.startsWith('refs/pull/')
        ? envValue(env, 'GITHUB_REF_NAME')
        : refType === undefined
          ? afterPrefix(ref, 'refs/heads/')
          : undefined);
    return compact({
      system: 'github',
      commit: envValue(env, 'GITHUB_SHA'),
      buildUrl:
        repositoryUrl !== undefined && runId !== undefined
          ? `${repositoryUrl}/actions/runs/${runId}`
          : undefined,
      repositoryUrl,
      branch,
      actor: envValue(env, 'GITHUB_ACTOR'),
      pullRequest: numberFrom(ref, /^refs\/pull\/(\d+)\/merge$/),
    });
  },
};
