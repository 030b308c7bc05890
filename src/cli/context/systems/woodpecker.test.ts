import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

// Values as the Woodpecker "Environment variables" page shows them.
const base = {
  CI: 'woodpecker',
  CI_SYSTEM_NAME: 'woodpecker',
  CI_SYSTEM_URL: 'https://ci.example.com',
  CI_REPO: 'john-doe/my-repo',
  CI_REPO_URL: 'https://git.example.com/john-doe/my-repo',
  CI_REPO_CLONE_URL: 'https://git.example.com/john-doe/my-repo.git',
  CI_COMMIT_SHA: 'eba09b46064473a1d345da7abf28b477468e8dbd',
  CI_COMMIT_AUTHOR: 'john-doe',
  CI_COMMIT_AUTHOR_EMAIL: 'john-doe@example.com',
  CI_PIPELINE_NUMBER: '8',
  CI_PIPELINE_URL: 'https://ci.example.com/repos/7/pipeline/8',
  CI_PIPELINE_AUTHOR: 'octocat',
};

test('woodpecker: push', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CI_PIPELINE_EVENT: 'push',
      CI_COMMIT_REF: 'refs/heads/main',
      CI_COMMIT_BRANCH: 'main',
    }),
    {
      system: 'woodpecker',
      commit: 'eba09b46064473a1d345da7abf28b477468e8dbd',
      buildUrl: 'https://ci.example.com/repos/7/pipeline/8',
      repositoryUrl: 'https://git.example.com/john-doe/my-repo',
      branch: 'main',
      actor: 'octocat',
    },
  );
});

test('woodpecker: pull request: CI_COMMIT_BRANCH is the target, the source branch is taken', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CI_PIPELINE_EVENT: 'pull_request',
      CI_COMMIT_REFSPEC: 'issue-branch:main',
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_SOURCE_BRANCH: 'issue-branch',
      CI_COMMIT_TARGET_BRANCH: 'main',
      CI_COMMIT_PULL_REQUEST: '1',
    }),
    {
      system: 'woodpecker',
      commit: 'eba09b46064473a1d345da7abf28b477468e8dbd',
      buildUrl: 'https://ci.example.com/repos/7/pipeline/8',
      repositoryUrl: 'https://git.example.com/john-doe/my-repo',
      branch: 'issue-branch',
      actor: 'octocat',
      pullRequest: '1',
    },
  );
});

test('woodpecker: tag event has no branch; CI_COMMIT_AUTHOR when CI_PIPELINE_AUTHOR is absent', () => {
  const context = detectCiContext({
    ...base,
    CI_PIPELINE_AUTHOR: '',
    CI_PIPELINE_EVENT: 'tag',
    CI_COMMIT_TAG: 'v1.10.3',
    CI_COMMIT_BRANCH: 'main',
  });
  assert.equal(context?.branch, undefined);
  assert.equal(context?.actor, 'john-doe');
});
