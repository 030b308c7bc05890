import { afterPrefix, envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Jenkins. Jenkins variables come from core and from plugins, each documented in the page Jenkins
 * serves at `$JENKINS_URL/env-vars.html`:
 * - core (jenkinsci/jenkins, CoreEnvironmentContributor/buildEnv.properties): `JENKINS_URL` "Full URL
 *   of Jenkins … (only available if Jenkins URL set in system configuration)", `BUILD_URL` "Full URL of
 *   this build", `JENKINS_HOME`, `BUILD_NUMBER`, `JOB_NAME`;
 * - Git plugin (plugins.jenkins.io/git, "Environment variables"): `GIT_COMMIT` "The commit hash being
 *   checked out", `GIT_URL` "The remote URL. If there are multiple, will be GIT_URL_1, GIT_URL_2, etc.",
 *   `GIT_BRANCH` "The remote branch name, if any" (e.g. `origin/main`), `GIT_LOCAL_BRANCH` "The local
 *   branch name being checked out, if applicable";
 * - Branch API plugin, multibranch projects (BranchNameContributor/buildEnv.properties): `BRANCH_NAME`
 *   (for change requests "generally arbitrary", e.g. `PR-24`), `CHANGE_ID` "the change ID, such as a
 *   pull request number", `CHANGE_BRANCH` "the name of the actual head on the source control system",
 *   `TAG_NAME`;
 * - Build User Vars plugin (plugins.jenkins.io/build-user-vars-plugin): `BUILD_USER_ID` "Jenkins user
 *   ID"; for automatic triggers it sets fixed ids such as `timer`, `scmChange`, `branchIndexing`.
 *
 * Marker: `JENKINS_URL`, or — when no Jenkins URL is configured — `JENKINS_HOME` together with
 * `BUILD_NUMBER` and `JOB_NAME` (all three core variables of a build).
 * branch: `CHANGE_BRANCH`, else `BRANCH_NAME` (unless it names a change request or a tag), else
 * `GIT_LOCAL_BRANCH`, else `GIT_BRANCH` without the `origin/` of the Git plugin's default remote name.
 * Without the Build User Vars plugin no actor is known.
 */
export const jenkins: CiSystemModule = {
  system: 'jenkins',
  detect: (env: Env) =>
    envValue(env, 'JENKINS_URL') !== undefined ||
    (envValue(env, 'JENKINS_HOME') !== undefined &&
      envValue(env, 'BUILD_NUMBER') !== undefined &&
      envValue(env, 'JOB_NAME') !== undefined),
  read(env: Env) {
    const changeId = envValue(env, 'CHANGE_ID');
    const branchName = envValue(env, 'BRANCH_NAME');
    const tagName = envValue(env, 'TAG_NAME');
    const gitBranch = envValue(env, 'GIT_BRANCH');
    const multibranchBranch = changeId === undefined && branchName !== tagName ? branchName : undefined;
    return compact({
      system: 'jenkins',
      commit: envValue(env, 'GIT_COMMIT'),
      buildUrl: envValue(env, 'BUILD_URL'),
      repositoryUrl: envValue(env, 'GIT_URL') ?? envValue(env, 'GIT_URL_1'),
      branch:
        envValue(env, 'CHANGE_BRANCH') ??
        multibranchBranch ??
        envValue(env, 'GIT_LOCAL_BRANCH') ??
        (gitBranch === tagName ? undefined : (afterPrefix(gitBranch, 'origin/') ?? gitBranch)),
      actor: envValue(env, 'BUILD_USER_ID'),
      pullRequest: changeId,
    });
  },
};
