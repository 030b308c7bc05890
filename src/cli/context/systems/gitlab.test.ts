import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_PROJECT_URL: 'https://gitlab.example.com/my-group/my-project',
  CI_PROJECT_PATH: 'my-group/my-project',
  CI_JOB_URL: 'https://gitlab.example.com/my-group/my-project/-/jobs/8841',
  CI_PIPELINE_URL: 'https://gitlab.example.com/my-group/my-project/-/pipelines/2190',
  CI_COMMIT_SHA: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
  GITLAB_USER_LOGIN: 'jdoe',
  GITLAB_USER_EMAIL: 'jdoe@example.com',
};

test('gitlab: branch pipeline', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CI_COMMIT_BRANCH: 'main',
      CI_COMMIT_REF_NAME: 'main',
      CI_PIPELINE_SOURCE: 'push',
    }),
    {
      system: 'gitlab',
      commit: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
      buildUrl: 'https://gitlab.example.com/my-group/my-project/-/jobs/8841',
      repositoryUrl: 'https://gitlab.example.com/my-group/my-project',
      branch: 'main',
      actor: 'jdoe',
    },
  );
});

test('gitlab: merge request pipeline uses the source branch and the MR IID', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_COMMIT_REF_NAME: 'feature/api',
      CI_MERGE_REQUEST_IID: '42',
      CI_MERGE_REQUEST_ID: '123456',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/api',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    }),
    {
      system: 'gitlab',
      commit: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
      buildUrl: 'https://gitlab.example.com/my-group/my-project/-/jobs/8841',
      repositoryUrl: 'https://gitlab.example.com/my-group/my-project',
      branch: 'feature/api',
      actor: 'jdoe',
      pullRequest: '42',
    },
  );
});

test('gitlab: external pull request pipeline', () => {
  const context = detectCiContext({
    ...base,
    CI_PIPELINE_SOURCE: 'external_pull_request_event',
    CI_EXTERNAL_PULL_REQUEST_IID: '17',
    CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: 'fix-typo',
  });
  assert.equal(context?.branch, 'fix-typo');
  assert.equal(context.pullRequest, '17');
});

test('gitlab: tag pipeline has no branch', () => {
  assert.deepEqual(detectCiContext({ ...base, CI_COMMIT_TAG: 'v2.0.0', CI_COMMIT_REF_NAME: 'v2.0.0' }), {
    system: 'gitlab',
    commit: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
    buildUrl: 'https://gitlab.example.com/my-group/my-project/-/jobs/8841',
    repositoryUrl: 'https://gitlab.example.com/my-group/my-project',
    actor: 'jdoe',
  });
});

test('gitlab: CI_COMMIT_REF_NAME is the fallback when CI_COMMIT_BRANCH is absent', () => {
  assert.equal(
    detectCiContext({ GITLAB_CI: 'true', CI_COMMIT_REF_NAME: 'release/1.x' })?.branch,
    'release/1.x',
  );
});
