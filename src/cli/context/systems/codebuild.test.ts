import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const base = {
  AWS_REGION: 'us-east-1',
  CODEBUILD_BUILD_ID: 'codebuild-demo-project:b1e6661e-e4f2-4156-9ab9-82a19EXAMPLE',
  CODEBUILD_BUILD_ARN:
    'arn:aws:codebuild:us-east-1:123456789012:build/codebuild-demo-project:b1e6661e-e4f2-4156-9ab9-82a19EXAMPLE',
  CODEBUILD_BUILD_NUMBER: '12',
  CODEBUILD_BUILD_URL:
    'https://us-east-1.console.aws.amazon.com/codebuild/home?region=us-east-1#/builds/codebuild-demo-project:b1e6661e-e4f2-4156-9ab9-82a19EXAMPLE/view/new',
  CODEBUILD_RESOLVED_SOURCE_VERSION: '3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
  CODEBUILD_SOURCE_REPO_URL: 'https://github.com/acme/widgets.git',
};

test('codebuild: webhook push to a branch', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CODEBUILD_INITIATOR: 'GitHub-Hookshot/a1b2c3d',
      CODEBUILD_SOURCE_VERSION: 'refs/heads/main',
      CODEBUILD_WEBHOOK_EVENT: 'PUSH',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/main',
      CODEBUILD_WEBHOOK_TRIGGER: 'branch/main',
    }),
    {
      system: 'codebuild',
      commit: '3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      buildUrl: base.CODEBUILD_BUILD_URL,
      repositoryUrl: 'https://github.com/acme/widgets.git',
      branch: 'main',
      actor: 'GitHub-Hookshot/a1b2c3d',
    },
  );
});

test('codebuild: webhook pull request', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CODEBUILD_INITIATOR: 'GitHub-Hookshot/a1b2c3d',
      CODEBUILD_SOURCE_VERSION: 'pr/7',
      CODEBUILD_WEBHOOK_EVENT: 'PULL_REQUEST_UPDATED',
      CODEBUILD_WEBHOOK_BASE_REF: 'refs/heads/main',
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/heads/feature/cache',
      CODEBUILD_WEBHOOK_TRIGGER: 'pr/7',
    }),
    {
      system: 'codebuild',
      commit: '3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
      buildUrl: base.CODEBUILD_BUILD_URL,
      repositoryUrl: 'https://github.com/acme/widgets.git',
      branch: 'feature/cache',
      actor: 'GitHub-Hookshot/a1b2c3d',
      pullRequest: '7',
    },
  );
});

test('codebuild: started by CodePipeline from S3: no repository URL, no branch', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      CODEBUILD_INITIATOR: 'codepipeline/my-demo-pipeline',
      CODEBUILD_SOURCE_REPO_URL: 's3://codepipeline-us-east-1-1234/my-demo-pipeline/SourceArti/abc.zip',
      CODEBUILD_RESOLVED_SOURCE_VERSION: '',
    }),
    { system: 'codebuild', buildUrl: base.CODEBUILD_BUILD_URL, actor: 'codepipeline/my-demo-pipeline' },
  );
});

test('codebuild: tag push has no branch; branch/<name> trigger is a fallback', () => {
  assert.equal(
    detectCiContext({
      ...base,
      CODEBUILD_WEBHOOK_HEAD_REF: 'refs/tags/v1',
      CODEBUILD_WEBHOOK_TRIGGER: 'tag/v1',
    })?.branch,
    undefined,
  );
  assert.equal(detectCiContext({ ...base, CODEBUILD_WEBHOOK_TRIGGER: 'branch/dev' })?.branch, 'dev');
});
