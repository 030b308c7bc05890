import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  CI: 'true',
  BUILDKITE: 'true',
  BUILDKITE_REPO: 'git@github.com:acme-inc/my-project.git',
  BUILDKITE_COMMIT: '83a20ec058e2fb00e7fa4558c4c6e81e2dcf253d',
  BUILDKITE_BUILD_NUMBER: '1514',
  BUILDKITE_BUILD_URL: 'https://buildkite.com/acme-inc/my-project/builds/1514',
  BUILDKITE_BUILD_CREATOR: 'Keith Pitt',
  BUILDKITE_BUILD_CREATOR_EMAIL: 'keith@buildkite.com',
  BUILDKITE_PULL_REQUEST: 'false',
  BUILDKITE_TAG: '',
};

test('buildkite: branch build', () => {
  assert.deepEqual(detectCiContext({ ...base, BUILDKITE_BRANCH: 'main' }), {
    system: 'buildkite',
    commit: '83a20ec058e2fb00e7fa4558c4c6e81e2dcf253d',
    buildUrl: 'https://buildkite.com/acme-inc/my-project/builds/1514',
    repositoryUrl: 'git@github.com:acme-inc/my-project.git',
    branch: 'main',
    actor: 'Keith Pitt',
  });
});

test('buildkite: pull request build', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      BUILDKITE_BRANCH: 'feature/new-thing',
      BUILDKITE_PULL_REQUEST: '42',
      BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'main',
    }),
    {
      system: 'buildkite',
      commit: '83a20ec058e2fb00e7fa4558c4c6e81e2dcf253d',
      buildUrl: 'https://buildkite.com/acme-inc/my-project/builds/1514',
      repositoryUrl: 'git@github.com:acme-inc/my-project.git',
      branch: 'feature/new-thing',
      actor: 'Keith Pitt',
      pullRequest: '42',
    },
  );
});

test('buildkite: a symbolic BUILDKITE_COMMIT (HEAD) is not a commit; tag builds have no branch', () => {
  const context = detectCiContext({
    ...base,
    BUILDKITE_COMMIT: 'HEAD',
    BUILDKITE_BRANCH: 'v1.2.3',
    BUILDKITE_TAG: 'v1.2.3',
  });
  assert.equal(context?.commit, undefined);
  assert.equal(context?.branch, undefined);
});
