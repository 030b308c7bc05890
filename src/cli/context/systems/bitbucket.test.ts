import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  CI: 'true',
  BITBUCKET_BUILD_NUMBER: '137',
  BITBUCKET_COMMIT: '7f2a5e0c3b4d8e9f1a2b3c4d5e6f708192a3b4c5',
  BITBUCKET_WORKSPACE: 'acme',
  BITBUCKET_REPO_SLUG: 'widgets',
  BITBUCKET_REPO_FULL_NAME: 'acme/widgets',
  BITBUCKET_GIT_HTTP_ORIGIN: 'http://bitbucket.org/acme/widgets',
  BITBUCKET_GIT_SSH_ORIGIN: 'git@bitbucket.org:acme/widgets.git',
  BITBUCKET_STEP_TRIGGERER_UUID: '{5e2c1c4a-7f0e-4a36-9b8e-1d2f3a4b5c6d}',
  BITBUCKET_CLONE_DIR: '/opt/atlassian/pipelines/agent/build',
};

test('bitbucket: branch build', () => {
  assert.deepEqual(detectCiContext({ ...base, BITBUCKET_BRANCH: 'main' }), {
    system: 'bitbucket',
    commit: '7f2a5e0c3b4d8e9f1a2b3c4d5e6f708192a3b4c5',
    buildUrl: 'http://bitbucket.org/acme/widgets/pipelines/results/137',
    repositoryUrl: 'http://bitbucket.org/acme/widgets',
    branch: 'main',
    actor: '{5e2c1c4a-7f0e-4a36-9b8e-1d2f3a4b5c6d}',
  });
});

test('bitbucket: pull request build', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      BITBUCKET_BRANCH: 'feature/checkout',
      BITBUCKET_PR_ID: '58',
      BITBUCKET_PR_DESTINATION_BRANCH: 'main',
    }),
    {
      system: 'bitbucket',
      commit: '7f2a5e0c3b4d8e9f1a2b3c4d5e6f708192a3b4c5',
      buildUrl: 'http://bitbucket.org/acme/widgets/pipelines/results/137',
      repositoryUrl: 'http://bitbucket.org/acme/widgets',
      branch: 'feature/checkout',
      actor: '{5e2c1c4a-7f0e-4a36-9b8e-1d2f3a4b5c6d}',
      pullRequest: '58',
    },
  );
});

test('bitbucket: tag build has no branch; no origin means no URLs', () => {
  assert.deepEqual(
    detectCiContext({
      BITBUCKET_BUILD_NUMBER: '138',
      BITBUCKET_COMMIT: '7f2a5e0c3b4d8e9f1a2b3c4d5e6f708192a3b4c5',
      BITBUCKET_TAG: 'v1.0',
    }),
    { system: 'bitbucket', commit: '7f2a5e0c3b4d8e9f1a2b3c4d5e6f708192a3b4c5' },
  );
});
