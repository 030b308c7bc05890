import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  CI: 'true',
  DRONE: 'true',
  DRONE_COMMIT_SHA: 'bcdd4bf0245c82c060407b3b24b9b87301d15ac1',
  DRONE_COMMIT: 'bcdd4bf0245c82c060407b3b24b9b87301d15ac1',
  DRONE_BUILD_NUMBER: '42',
  DRONE_BUILD_LINK: 'https://drone.company.com/octocat/hello-world/42',
  DRONE_REPO: 'octocat/hello-world',
  DRONE_REPO_LINK: 'https://github.com/octocat/hello-world',
  DRONE_COMMIT_AUTHOR: 'octocat',
  DRONE_COMMIT_AUTHOR_EMAIL: 'octocat@github.com',
};

test('drone: push via webhook (@hook) falls back to the commit author', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      DRONE_BUILD_EVENT: 'push',
      DRONE_BRANCH: 'main',
      DRONE_BUILD_TRIGGER: '@hook',
    }),
    {
      system: 'drone',
      commit: 'bcdd4bf0245c82c060407b3b24b9b87301d15ac1',
      buildUrl: 'https://drone.company.com/octocat/hello-world/42',
      repositoryUrl: 'https://github.com/octocat/hello-world',
      branch: 'main',
      actor: 'octocat',
    },
  );
});

test('drone: pull request: DRONE_BRANCH is the target, the source branch is taken', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      DRONE_BUILD_EVENT: 'pull_request',
      DRONE_BRANCH: 'main',
      DRONE_TARGET_BRANCH: 'main',
      DRONE_SOURCE_BRANCH: 'feature/login',
      DRONE_PULL_REQUEST: '7',
      DRONE_BUILD_TRIGGER: '@hook',
    }),
    {
      system: 'drone',
      commit: 'bcdd4bf0245c82c060407b3b24b9b87301d15ac1',
      buildUrl: 'https://drone.company.com/octocat/hello-world/42',
      repositoryUrl: 'https://github.com/octocat/hello-world',
      branch: 'feature/login',
      actor: 'octocat',
      pullRequest: '7',
    },
  );
});

test('drone: a build promoted by a user names that user; tag events have no branch', () => {
  const context = detectCiContext({
    ...base,
    DRONE_BUILD_EVENT: 'tag',
    DRONE_TAG: 'v1.0.0',
    DRONE_BRANCH: '',
    DRONE_BUILD_TRIGGER: 'tphoney',
  });
  assert.equal(context?.actor, 'tphoney');
  assert.equal(context.branch, undefined);
});
