import { envValue, type Env } from '../env.ts';
import { compact, type CiSystemModule } from './ciSystemModule.ts';

/**
 * TeamCity. Source: JetBrains TeamCity documentation, "List of Predefined Build Parameters"
 * (jetbrains.com/help/teamcity/predefined-build-parameters.html).
 *
 * - Marker: `TEAMCITY_VERSION` (system property `teamcity.version`) — "This property can be used to
 *   determine if the build is run within TeamCity."
 * - commit: `BUILD_VCS_NUMBER` (`build.vcs.number`), set when the build configuration has a single
 *   VCS root; with several roots TeamCity only sets per-root `BUILD_VCS_NUMBER_<root>` variables and no
 *   commit is chosen here.
 *
 * That is all TeamCity honestly offers as environment variables. The build id, the server URL (so the
 * build URL), the branch and the triggering user are TeamCity parameters that the page lists with
 * environment variable "none": they reach a build only through parameter references
 * (`%teamcity.build.id%` …) or the properties files TeamCity writes. A pure function of the
 * environment cannot read them, so buildUrl, repositoryUrl, branch and actor stay unset; pass them
 * with flags or `EVIDENT_*` variables set from those parameters in the build configuration.
 * (`BUILD_NUMBER` is TeamCity's formatted build number, not an id, and is not used.)
 */
export const teamcity: CiSystemModule = {
  system: 'teamcity',
  detect: (env: Env) => envValue(env, 'TEAMCITY_VERSION') !== undefined,
  read(env: Env) {
    return compact({ system: 'teamcity', commit: envValue(env, 'BUILD_VCS_NUMBER') });
  },
};
