import { envIs, envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * Drone (and Harness Open Source / Gitness, which sets the same `DRONE_*` variables "for compatibility
 * with Drone pipelines"). Source: Drone Docs, "Pipeline › Environment › Reference"
 * (docs.drone.io/pipeline/environment/reference).
 *
 * - Marker: `DRONE` — "Identifies the current environment as the Drone Continuous Integration
 *   environment. DRONE=true".
 * - commit: `DRONE_COMMIT_SHA` (older agents: `DRONE_COMMIT`).
 * - buildUrl: `DRONE_BUILD_LINK` — "Provides a deep link the Drone build results".
 * - repositoryUrl: `DRONE_REPO_LINK` — the repository's link in the source control system.
 * - branch: `DRONE_BRANCH` "Provides the target branch for the push or pull request. This value may be
 *   empty for tag events." — so for pull requests (`DRONE_BUILD_EVENT=pull_request`, or
 *   `DRONE_PULL_REQUEST` set) the source branch `DRONE_SOURCE_BRANCH` is taken instead; tag events give
 *   no branch.
 * - actor: `DRONE_BUILD_TRIGGER` — "The source of the trigger for the build. eg a user, or webhook
 *   (@hook)"; a system source (starting with `@`) is not a person, and then `DRONE_COMMIT_AUTHOR`
 *   ("the commit author username … from source control management system") stands in.
 * - pullRequest: `DRONE_PULL_REQUEST` — the pull request number.
 */
export const drone: CiSystemModule = {
  system: 'drone',
  detect: (env: Env) => envIs(env, 'DRONE', 'true'),
  read(env: Env) {
    const event = envValue(env, 'DRONE_BUILD_EVENT');
    const pullRequest = envValue(env, 'DRONE_PULL_REQUEST');
    const isPullRequest = event === 'pull_request' || (event === undefined && pullRequest !== undefined);
    const trigger = envValue(env, 'DRONE_BUILD_TRIGGER');
    return compact({
      system: 'drone',
      commit: envValue(env, 'DRONE_COMMIT_SHA') ?? envValue(env, 'DRONE_COMMIT'),
      buildUrl: envValue(env, 'DRONE_BUILD_LINK'),
      repositoryUrl: envValue(env, 'DRONE_REPO_LINK'),
      branch: isPullRequest
        ? envValue(env, 'DRONE_SOURCE_BRANCH')
        : event === 'tag'
          ? undefined
          : envValue(env, 'DRONE_BRANCH'),
      actor:
        trigger !== undefined && !trigger.startsWith('@') ? trigger : envValue(env, 'DRONE_COMMIT_AUTHOR'),
      pullRequest,
    });
  },
};
