import { azure } from './azure.ts';
import { bitbucket } from './bitbucket.ts';
import { buildkite } from './buildkite.ts';
import type { CiSystemModule } from './ciSystemModule.ts';
import { circleci } from './circleci.ts';
import { codebuild } from './codebuild.ts';
import { drone } from './drone.ts';
import { github } from './github.ts';
import { gitlab } from './gitlab.ts';
import { jenkins } from './jenkins.ts';
import { teamcity } from './teamcity.ts';
import { woodpecker } from './woodpecker.ts';

/**
 * The systems in detection order: the first whose marker is set wins.
 *
 * - Markers that only the CI system itself sets, on every job, come first (`GITHUB_ACTIONS`,
 *   `GITLAB_CI`, …). GitHub precedes CodeBuild because CodeBuild can host GitHub Actions runners: there
 *   the workflow, not the CodeBuild project, is the run being recorded.
 * - Woodpecker precedes Drone: it descends from Drone, and releases before 1.0 also set `DRONE_*`
 *   compatibility variables next to `CI=woodpecker`.
 * - Jenkins is last: `JENKINS_URL` is a plain URL that jobs of other systems often set to talk to a
 *   Jenkins server, so it is the weakest marker.
 */
export const CI_SYSTEMS: readonly CiSystemModule[] = [
  github,
  gitlab,
  bitbucket,
  azure,
  circleci,
  buildkite,
  codebuild,
  teamcity,
  woodpecker,
  drone,
  jenkins,
];
