import { envIs, envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * GitLab CI/CD. Source: GitLab Docs, "Predefined CI/CD variables reference"
 * (docs.gitlab.com/ci/variables/predefined_variables).
 *
 * - Marker: `GITLAB_CI` — "Available for all jobs executed in CI/CD. `true` when available."
 * - commit: `CI_COMMIT_SHA` — "The commit revision the project is built for."
 * - buildUrl: `CI_JOB_URL` — "The job details URL." (`CI_PIPELINE_URL` would be the whole pipeline.)
 * - repositoryUrl: `CI_PROJECT_URL` — "The HTTP(S) address of the project."
 * - branch: in merge request pipelines `CI_MERGE_REQUEST_SOURCE_BRANCH_NAME`, in external pull request
 *   pipelines `CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME`; else `CI_COMMIT_BRANCH` ("Available in
 *   branch pipelines … Not available in merge request pipelines or tag pipelines"); else
 *   `CI_COMMIT_REF_NAME` ("The branch or tag name") unless `CI_COMMIT_TAG` says it is a tag.
 * - actor: `GITLAB_USER_LOGIN` — "The unique username of the user who started the pipeline, unless the
 *   job is a manual job. In manual jobs, the value is the username of the user who started the job."
 * - pullRequest: `CI_MERGE_REQUEST_IID` (the number shown in the merge request URL), else
 *   `CI_EXTERNAL_PULL_REQUEST_IID` ("Pull request ID from GitHub").
 */
export const gitlab: CiSystemModule = {
  system: 'gitlab',
  detect: (env: Env) => envIs(env, 'GITLAB_CI', 'true'),
  read(env: Env) {
    const isTag = envValue(env, 'CI_COMMIT_TAG') !== undefined;
    return compact({
      system: 'gitlab',
      commit: envValue(env, 'CI_COMMIT_SHA'),
      buildUrl: envValue(env, 'CI_JOB_URL'),
      repositoryUrl: envValue(env, 'CI_PROJECT_URL'),
      branch:
        envValue(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ??
        envValue(env, 'CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME') ??
        envValue(env, 'CI_COMMIT_BRANCH') ??
        (isTag ? undefined : envValue(env, 'CI_COMMIT_REF_NAME')),
      actor: envValue(env, 'GITLAB_USER_LOGIN'),
      pullRequest: envValue(env, 'CI_MERGE_REQUEST_IID') ?? envValue(env, 'CI_EXTERNAL_PULL_REQUEST_IID'),
    });
  },
};
