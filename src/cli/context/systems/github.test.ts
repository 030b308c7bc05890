import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

// Values as GitHub Docs "Variables reference" shows them.
const base = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octocat/Hello-World',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
};

test('github: push to a branch', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/feature-branch-1',
      GITHUB_REF_NAME: 'feature-branch-1',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: '',
      GITHUB_BASE_REF: '',
    }),
    {
      system: 'github',
      commit: 'ffac537e6cbbf934b08745a378932722df287a53',
      buildUrl: 'https://github.com/octocat/Hello-World/actions/runs/1658821493',
      repositoryUrl: 'https://github.com/octocat/Hello-World',
      branch: 'feature-branch-1',
      actor: 'octocat',
    },
  );
});

test('github: pull_request takes the branch from GITHUB_HEAD_REF and the number from GITHUB_REF', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: 'refs/pull/1234/merge',
      GITHUB_REF_NAME: '1234/merge',
      GITHUB_REF_TYPE: 'branch',
      GITHUB_HEAD_REF: 'feature/login',
      GITHUB_BASE_REF: 'main',
    }),
    {
      system: 'github',
      commit: 'ffac537e6cbbf934b08745a378932722df287a53',
      buildUrl: 'https://github.com/octocat/Hello-World/actions/runs/1658821493',
      repositoryUrl: 'https://github.com/octocat/Hello-World',
      branch: 'feature/login',
      actor: 'octocat',
      pullRequest: '1234',
    },
  );
});

test('github: a tag run has no branch; GitHub Enterprise Server URL is used as given', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_REF: 'refs/tags/v1.2.0',
      GITHUB_REF_NAME: 'v1.2.0',
      GITHUB_REF_TYPE: 'tag',
    }),
    {
      system: 'github',
      commit: 'ffac537e6cbbf934b08745a378932722df287a53',
      buildUrl: 'https://ghe.example.com/octocat/Hello-World/actions/runs/1658821493',
      repositoryUrl: 'https://ghe.example.com/octocat/Hello-World',
      actor: 'octocat',
    },
  );
});

test('github: without GITHUB_RUN_ID or GITHUB_SERVER_URL no URL is made up', () => {
  assert.deepEqual(detectCiContext({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octocat/Hello-World' }), {
    system: 'github',
  });
  assert.deepEqual(detectCiContext({ ...base, GITHUB_RUN_ID: '' }), {
    system: 'github',
    commit: 'ffac537e6cbbf934b08745a378932722df287a53',
    repositoryUrl: 'https://github.com/octocat/Hello-World',
    actor: 'octocat',
  });
});

test('github: GITHUB_ACTIONS other than true is not GitHub', () => {
  assert.equal(detectCiContext({ ...base, GITHUB_ACTIONS: 'false' }), undefined);
  assert.equal(detectCiContext({ ...base, GITHUB_ACTIONS: '' }), undefined);
});
