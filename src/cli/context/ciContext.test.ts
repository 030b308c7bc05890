import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from './ciContext.ts';
import { CI_SYSTEMS } from './systems/registry.ts';

test('no CI markers: undefined', () => {
  assert.equal(detectCiContext({}), undefined);
  assert.equal(
    detectCiContext({ HOME: '/home/dev', PATH: '/usr/bin', CI: 'true', GIT_COMMIT: 'abc', BUILD_URL: 'x' }),
    undefined,
  );
});

test('empty or whitespace-only markers count as unset', () => {
  for (const env of [
    { GITHUB_ACTIONS: '' },
    { GITLAB_CI: ' ' },
    { BITBUCKET_BUILD_NUMBER: '' },
    { TF_BUILD: '' },
    { CIRCLECI: '' },
    { JENKINS_URL: '' },
    { TEAMCITY_VERSION: '' },
    { CODEBUILD_BUILD_ID: '' },
    { BUILDKITE: '' },
    { DRONE: '' },
    { CI: '' },
  ]) {
    assert.equal(detectCiContext(env), undefined, JSON.stringify(env));
  }
});

test('empty variables are ignored, never reported as empty strings', () => {
  assert.deepEqual(
    detectCiContext({
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: '',
      CI_JOB_URL: '',
      CI_PROJECT_URL: '  ',
      CI_COMMIT_BRANCH: '',
      CI_COMMIT_REF_NAME: '',
      GITLAB_USER_LOGIN: '',
      CI_MERGE_REQUEST_IID: '',
    }),
    { system: 'gitlab' },
  );
});

test('values are trimmed', () => {
  assert.equal(
    detectCiContext({ CIRCLECI: 'true', CIRCLE_SHA1: ' 2b2e4f4bd3a6e1b4f9c3a8d7e6f5a4b3c2d1e0f9\n' })?.commit,
    '2b2e4f4bd3a6e1b4f9c3a8d7e6f5a4b3c2d1e0f9',
  );
});

test('every system in the registry is distinct, and each is detected by its own marker alone', () => {
  const markers: Record<string, Record<string, string>> = {
    github: { GITHUB_ACTIONS: 'true' },
    gitlab: { GITLAB_CI: 'true' },
    bitbucket: { BITBUCKET_BUILD_NUMBER: '1' },
    azure: { TF_BUILD: 'True' },
    circleci: { CIRCLECI: 'true' },
    jenkins: { JENKINS_URL: 'https://jenkins.example.com/' },
    teamcity: { TEAMCITY_VERSION: '2024.03' },
    codebuild: { CODEBUILD_BUILD_ID: 'p:1' },
    buildkite: { BUILDKITE: 'true' },
    drone: { DRONE: 'true' },
    woodpecker: { CI: 'woodpecker' },
  };
  const systems = CI_SYSTEMS.map((s) => s.system);
  assert.equal(new Set(systems).size, systems.length);
  assert.deepEqual([...systems].sort(), Object.keys(markers).sort());
  for (const [system, env] of Object.entries(markers)) {
    assert.deepEqual(detectCiContext(env), { system }, system);
  }
});

test('precedence: a Jenkins job in a container with GITHUB_ACTIONS passed through empty is Jenkins', () => {
  const context = detectCiContext({
    GITHUB_ACTIONS: '',
    GITHUB_SHA: '',
    JENKINS_URL: 'https://jenkins.example.com/',
    BUILD_URL: 'https://jenkins.example.com/job/widgets/153/',
    GIT_COMMIT: 'ce9a3c1404e8c91be604088670e93434c4253f03',
  });
  assert.equal(context?.system, 'jenkins');
  assert.equal(context.commit, 'ce9a3c1404e8c91be604088670e93434c4253f03');
});

test('precedence: a GitHub workflow that sets JENKINS_URL (to call Jenkins) is GitHub', () => {
  const context = detectCiContext({
    GITHUB_ACTIONS: 'true',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    JENKINS_URL: 'https://jenkins.example.com/',
    GIT_COMMIT: '0000000000000000000000000000000000000000',
  });
  assert.equal(context?.system, 'github');
  assert.equal(context.commit, 'ffac537e6cbbf934b08745a378932722df287a53');
});

test('precedence: a GitHub Actions runner hosted on CodeBuild is GitHub', () => {
  assert.equal(
    detectCiContext({ GITHUB_ACTIONS: 'true', CODEBUILD_BUILD_ID: 'runner-project:b1e6661e' })?.system,
    'github',
  );
});

test('precedence: Woodpecker with Drone compatibility variables is Woodpecker, read from CI_* only', () => {
  const context = detectCiContext({
    CI: 'woodpecker',
    CI_COMMIT_SHA: 'eba09b46064473a1d345da7abf28b477468e8dbd',
    CI_PIPELINE_URL: 'https://ci.example.com/repos/7/pipeline/8',
    DRONE: 'true',
    DRONE_COMMIT_SHA: '1111111111111111111111111111111111111111',
    DRONE_BUILD_LINK: 'https://drone.example.com/x/y/1',
  });
  assert.deepEqual(context, {
    system: 'woodpecker',
    commit: 'eba09b46064473a1d345da7abf28b477468e8dbd',
    buildUrl: 'https://ci.example.com/repos/7/pipeline/8',
  });
});

test('precedence: Drone (CI=true) is Drone, not Woodpecker', () => {
  assert.equal(detectCiContext({ CI: 'true', DRONE: 'true' })?.system, 'drone');
});

test('detection reads only the environment it is given', () => {
  const saved = process.env.GITHUB_ACTIONS;
  process.env.GITHUB_ACTIONS = 'true';
  try {
    assert.equal(detectCiContext({}), undefined);
  } finally {
    if (saved === undefined) delete process.env.GITHUB_ACTIONS;
    else process.env.GITHUB_ACTIONS = saved;
  }
});
