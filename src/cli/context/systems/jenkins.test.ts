import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

const core = {
  JENKINS_URL: 'https://jenkins.example.com/',
  JENKINS_HOME: '/var/jenkins_home',
  BUILD_NUMBER: '153',
  BUILD_ID: '153',
  JOB_NAME: 'widgets',
  BUILD_URL: 'https://jenkins.example.com/job/widgets/153/',
  WORKSPACE: '/var/jenkins_home/workspace/widgets',
};
const git = {
  GIT_COMMIT: 'ce9a3c1404e8c91be604088670e93434c4253f03',
  GIT_URL: 'https://github.com/acme/widgets.git',
};

test('jenkins: freestyle job with the Git plugin (GIT_BRANCH is origin/<branch>) and Build User Vars', () => {
  assert.deepEqual(
    detectCiContext({ ...core, ...git, GIT_BRANCH: 'origin/release/2.x', BUILD_USER_ID: 'jdoe' }),
    {
      system: 'jenkins',
      commit: 'ce9a3c1404e8c91be604088670e93434c4253f03',
      buildUrl: 'https://jenkins.example.com/job/widgets/153/',
      repositoryUrl: 'https://github.com/acme/widgets.git',
      branch: 'release/2.x',
      actor: 'jdoe',
    },
  );
});

test('jenkins: multibranch pipeline, branch job', () => {
  assert.deepEqual(
    detectCiContext({
      ...core,
      ...git,
      JOB_NAME: 'widgets/feature%2Flogin',
      BUILD_URL: 'https://jenkins.example.com/job/widgets/job/feature%252Flogin/7/',
      BRANCH_NAME: 'feature/login',
      GIT_BRANCH: 'feature/login',
    }),
    {
      system: 'jenkins',
      commit: 'ce9a3c1404e8c91be604088670e93434c4253f03',
      buildUrl: 'https://jenkins.example.com/job/widgets/job/feature%252Flogin/7/',
      repositoryUrl: 'https://github.com/acme/widgets.git',
      branch: 'feature/login',
    },
  );
});

test('jenkins: multibranch change request: CHANGE_BRANCH, not PR-24', () => {
  assert.deepEqual(
    detectCiContext({
      ...core,
      ...git,
      BUILD_URL: 'https://jenkins.example.com/job/widgets/job/PR-24/1/',
      BRANCH_NAME: 'PR-24',
      CHANGE_ID: '24',
      CHANGE_BRANCH: 'fix/npe',
      CHANGE_TARGET: 'main',
      CHANGE_AUTHOR: 'contributor',
      GIT_BRANCH: 'PR-24',
      BUILD_USER_ID: 'branchIndexing',
    }),
    {
      system: 'jenkins',
      commit: 'ce9a3c1404e8c91be604088670e93434c4253f03',
      buildUrl: 'https://jenkins.example.com/job/widgets/job/PR-24/1/',
      repositoryUrl: 'https://github.com/acme/widgets.git',
      branch: 'fix/npe',
      actor: 'branchIndexing',
      pullRequest: '24',
    },
  );
});

test('jenkins: multibranch tag job has no branch; GIT_URL_1 when several remotes', () => {
  const context = detectCiContext({
    ...core,
    GIT_COMMIT: 'ce9a3c1404e8c91be604088670e93434c4253f03',
    GIT_URL_1: 'git@github.com:acme/widgets.git',
    GIT_URL_2: 'git@github.com:acme/shared.git',
    BRANCH_NAME: 'v1.4.0',
    TAG_NAME: 'v1.4.0',
    GIT_BRANCH: 'v1.4.0',
  });
  assert.equal(context?.branch, undefined);
  assert.equal(context?.repositoryUrl, 'git@github.com:acme/widgets.git');
});

test('jenkins: without a configured Jenkins URL, JENKINS_HOME + BUILD_NUMBER + JOB_NAME still detect it', () => {
  assert.deepEqual(
    detectCiContext({ JENKINS_HOME: '/var/jenkins_home', BUILD_NUMBER: '9', JOB_NAME: 'nightly', ...git }),
    {
      system: 'jenkins',
      commit: 'ce9a3c1404e8c91be604088670e93434c4253f03',
      repositoryUrl: 'https://github.com/acme/widgets.git',
    },
  );
  assert.equal(detectCiContext({ JENKINS_HOME: '/var/jenkins_home' }), undefined);
});
