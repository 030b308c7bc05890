import { afterPrefix, envValue, numberFrom, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * AWS CodeBuild. Source: AWS CodeBuild User Guide, "Environment variables in build environments"
 * (docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html).
 *
 * - Marker: `CODEBUILD_BUILD_ID` — "The CodeBuild ID of the build (for example,
 *   `codebuild-demo-project:b1e6661e-…`)".
 * - commit: `CODEBUILD_RESOLVED_SOURCE_VERSION` — for CodeCommit, GitHub, GitHub Enterprise and
 *   Bitbucket "the commit ID", available after the `DOWNLOAD_SOURCE` phase.
 * - buildUrl: `CODEBUILD_BUILD_URL`, the console URL of the build's results (listed in current versions
 *   of the page; not in older ones, so it may be absent).
 * - repositoryUrl: `CODEBUILD_SOURCE_REPO_URL` — for CodeCommit and GitHub "the repository's clone URL";
 *   for Amazon S3 sources it is an `s3://` artifact location, which is not a repository and is dropped.
 * - branch: `CODEBUILD_WEBHOOK_HEAD_REF` ("The head reference name of the webhook event … a branch
 *   reference or a tag reference", e.g. `refs/heads/feature`) without `refs/heads/`; else the name in
 *   `CODEBUILD_WEBHOOK_TRIGGER` = `branch/<branch-name>`. Tags give no branch.
 * - actor: `CODEBUILD_INITIATOR` — "The entity that started the build": a pipeline
 *   (`codepipeline/<name>`), an IAM user name, or for webhook builds the webhook's sender.
 * - pullRequest: the number in `CODEBUILD_WEBHOOK_TRIGGER` = `pr/<pull-request-number>`.
 */
export const codebuild: CiSystemModule = {
  system: 'codebuild',
  detect: (env: Env) => envValue(env, 'CODEBUILD_BUILD_ID') !== undefined,
  read(env: Env) {
    const trigger = envValue(env, 'CODEBUILD_WEBHOOK_TRIGGER');
    const sourceRepo = envValue(env, 'CODEBUILD_SOURCE_REPO_URL');
    return compact({
      system: 'codebuild',
      commit: envValue(env, 'CODEBUILD_RESOLVED_SOURCE_VERSION'),
      buildUrl: envValue(env, 'CODEBUILD_BUILD_URL'),
      repositoryUrl: sourceRepo?.startsWith('s3://') === true ? undefined : sourceRepo,
      branch:
        afterPrefix(envValue(env, 'CODEBUILD_WEBHOOK_HEAD_REF'), 'refs/heads/') ??
        afterPrefix(trigger, 'branch/'),
      actor: envValue(env, 'CODEBUILD_INITIATOR'),
      pullRequest: numberFrom(trigger, /^pr\/(\d+)$/),
    });
  },
};
