import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

test('teamcity: only the commit can be derived from the environment', () => {
  assert.deepEqual(
    detectCiContext({
      TEAMCITY_VERSION: '2024.03.1 (build 156606)',
      TEAMCITY_PROJECT_NAME: 'Widgets',
      TEAMCITY_BUILDCONF_NAME: 'Build',
      BUILD_NUMBER: '1.4.0-42',
      BUILD_VCS_NUMBER: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      TEAMCITY_BUILD_PROPERTIES_FILE: '/opt/buildagent/temp/buildTmp/teamcity.build123.properties',
    }),
    { system: 'teamcity', commit: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' },
  );
});

test('teamcity: several VCS roots (only per-root variables) give no commit', () => {
  assert.deepEqual(
    detectCiContext({
      TEAMCITY_VERSION: '2024.03.1 (build 156606)',
      BUILD_VCS_NUMBER_Widgets_Main: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      BUILD_VCS_NUMBER_Widgets_Docs: '0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6',
    }),
    { system: 'teamcity' },
  );
});
