import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  CI: 'true',
  CIRCLECI: 'true',
  CIRCLE_SHA1: '2b2e4f4bd3a6e1b4f9c3a8d7e6f5a4b3c2d1e0f9',
  CIRCLE_BUILD_NUM: '512',
  CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/widgets/512',
  CIRCLE_REPOSITORY_URL: 'git@github.com:acme/widgets.git',
  CIRCLE_PROJECT_USERNAME: 'acme',
  CIRCLE_PROJECT_REPONAME: 'widgets',
  CIRCLE_USERNAME: 'jsmith',
  CIRCLE_JOB: 'build',
};

test('circleci: branch build', () => {
  assert.deepEqual(detectCiContext({ ...base, CIRCLE_BRANCH: 'main' }), {
    system: 'circleci',
    commit: '2b2e4f4bd3a6e1b4f9c3a8d7e6f5a4b3c2d1e0f9',
    buildUrl: 'https://circleci.com/gh/acme/widgets/512',
    repositoryUrl: 'git@github.com:acme/widgets.git',
    branch: 'main',
    actor: 'jsmith',
  });
});

test('circleci: pull request number from CIRCLE_PULL_REQUEST', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CIRCLE_BRANCH: 'feature/x',
      CIRCLE_PULL_REQUEST: 'https://github.com/acme/widgets/pull/99',
      CIRCLE_PULL_REQUESTS: 'https://github.com/acme/widgets/pull/99',
    }),
    {
      system: 'circleci',
      commit: '2b2e4f4bd3a6e1b4f9c3a8d7e6f5a4b3c2d1e0f9',
      buildUrl: 'https://circleci.com/gh/acme/widgets/512',
      repositoryUrl: 'git@github.com:acme/widgets.git',
      branch: 'feature/x',
      actor: 'jsmith',
      pullRequest: '99',
    },
  );
});

test('circleci: forked pull request uses CIRCLE_PR_NUMBER', () => {
  const context = detectCiContext({
    ...base,
    CIRCLE_BRANCH: 'pull/101',
    CIRCLE_PR_NUMBER: '101',
    CIRCLE_PULL_REQUEST: 'https://github.com/acme/widgets/pull/101',
  });
  assert.equal(context?.pullRequest, '101');
});
