import { afterPrefix, envIs, envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Azure Pipelines (Azure DevOps). Source: Microsoft Learn, "Use predefined variables"
 * (learn.microsoft.com/azure/devops/pipelines/build/variables). A variable `Build.SourceVersion` is
 * exposed to scripts as the environment variable `BUILD_SOURCEVERSION` (dots become underscores).
 *
 * - Marker: `TF_BUILD` — "Set to `True` if the script is being run by a build task."
 * - commit: `BUILD_SOURCEVERSION` — for Git "The commit ID" (for TFVC, the changeset).
 * - buildUrl: `$SYSTEM_COLLECTIONURI$SYSTEM_TEAMPROJECT/_build/results?buildId=$BUILD_BUILDID`. The
 *   collection URI ends with a slash (the page's example: `https://dev.azure.com/fabrikamfiber/`); a
 *   missing one is supplied. The project name may contain spaces, so it is percent-encoded. This is
 *   the web UI's build-results path; Microsoft documents the parts, not the composed URL.
 * - repositoryUrl: `BUILD_REPOSITORY_URI` — "The URL for the triggering repository".
 * - branch: on pull requests `SYSTEM_PULLREQUEST_SOURCEBRANCH` (e.g. `refs/heads/users/raisa/new-feature`),
 *   otherwise `BUILD_SOURCEBRANCH` (e.g. `refs/heads/main`), with `refs/heads/` removed; tag and
 *   `refs/pull/…` refs give no branch. Not `BUILD_SOURCEBRANCHNAME`: the page says it is only "the last
 *   path segment in the ref" (`refs/heads/feature/tools` → `tools`), which loses the real name. It is
 *   used only when `BUILD_SOURCEBRANCH` is absent.
 * - actor: `BUILD_REQUESTEDFOR` — for CI triggers "the person who pushed or checked in the changes",
 *   for manual runs the person who queued it, for scheduled runs the system identity.
 * - pullRequest: `SYSTEM_PULLREQUEST_PULLREQUESTNUMBER` (GitHub PRs, "which have a different pull request
 *   ID and pull request number"), else `SYSTEM_PULLREQUEST_PULLREQUESTID`.
 */
export const azure: CiSystemModule = {
  system: 'azure',
  detect: (env: Env) => envIs(env, 'TF_BUILD', 'true'),
  read(env: Env) {
    const collection = envValue(env, 'SYSTEM_COLLECTIONURI');
    const project = envValue(env, 'SYSTEM_TEAMPROJECT');
    const buildId = envValue(env, 'BUILD_BUILDID');
    const sourceBranch = envValue(env, 'BUILD_SOURCEBRANCH');
    const prSourceBranch = envValue(env, 'SYSTEM_PULLREQUEST_SOURCEBRANCH');
    const branch =
      prSourceBranch !== undefined
        ? (afterPrefix(prSourceBranch, 'refs/heads/') ?? prSourceBranch)
        : sourceBranch !== undefined
          ? afterPrefix(sourceBranch, 'refs/heads/')
          : envValue(env, 'BUILD_SOURCEBRANCHNAME');
    return compact({
      system: 'azure',
      commit: envValue(env, 'BUILD_SOURCEVERSION'),
      buildUrl:
        collection !== undefined && project !== undefined && buildId !== undefined
          ? `${collection.endsWith('/') ? collection : `${collection}/`}${encodeURIComponent(project)}` +
            `/_build/results?buildId=${encodeURIComponent(buildId)}`
          : undefined,
      repositoryUrl: envValue(env, 'BUILD_REPOSITORY_URI'),
      branch,
      actor: envValue(env, 'BUILD_REQUESTEDFOR'),
      pullRequest:
        envValue(env, 'SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ??
        envValue(env, 'SYSTEM_PULLREQUEST_PULLREQUESTID'),
    });
  },
};
