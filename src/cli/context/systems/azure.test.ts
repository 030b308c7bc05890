import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCiContext } from '../ciContext.ts';

// Variable names as Azure Pipelines exposes them to scripts (Build.SourceVersion → BUILD_SOURCEVERSION).
const base = {
  TF_BUILD: 'True',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/fabrikamfiber/',
  SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: 'https://dev.azure.com/fabrikamfiber/',
  SYSTEM_TEAMPROJECT: 'Fabrikam Fiber',
  BUILD_BUILDID: '1430',
  BUILD_BUILDNUMBER: '20240501.3',
  BUILD_SOURCEVERSION: '0b3b6a9e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f70',
  BUILD_REPOSITORY_URI: 'https://dev.azure.com/fabrikamfiber/_git/Scripts',
  BUILD_REQUESTEDFOR: 'Raisa Pokrovskaya',
  BUILD_REQUESTEDFOREMAIL: 'raisa@fabrikamfiber.com',
};

const buildUrl = 'https://dev.azure.com/fabrikamfiber/Fabrikam%20Fiber/_build/results?buildId=1430';

test('azure: CI build of a branch keeps the full branch name (not Build.SourceBranchName)', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      BUILD_REASON: 'IndividualCI',
      BUILD_SOURCEBRANCH: 'refs/heads/feature/tools',
      BUILD_SOURCEBRANCHNAME: 'tools',
    }),
    {
      system: 'azure',
      commit: '0b3b6a9e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f70',
      buildUrl,
      repositoryUrl: 'https://dev.azure.com/fabrikamfiber/_git/Scripts',
      branch: 'feature/tools',
      actor: 'Raisa Pokrovskaya',
    },
  );
});

test('azure: pull request build uses the PR source branch and id', () => {
  assert.deepEqual(
    detectCiContext({
      ...base,
      BUILD_REASON: 'PullRequest',
      BUILD_SOURCEBRANCH: 'refs/pull/17/merge',
      BUILD_SOURCEBRANCHNAME: 'merge',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '17',
      SYSTEM_PULLREQUEST_SOURCEBRANCH: 'refs/heads/users/raisa/new-feature',
      SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main',
    }),
    {
      system: 'azure',
      commit: '0b3b6a9e1d2c4f5a6b7c8d9e0f1a2b3c4d5e6f70',
      buildUrl,
      repositoryUrl: 'https://dev.azure.com/fabrikamfiber/_git/Scripts',
      branch: 'users/raisa/new-feature',
      actor: 'Raisa Pokrovskaya',
      pullRequest: '17',
    },
  );
});

test('azure: GitHub pull request prefers the PR number over the id; short source branch kept', () => {
  const context = detectCiContext({
    ...base,
    SYSTEM_PULLREQUEST_PULLREQUESTID: '1395740119',
    SYSTEM_PULLREQUEST_PULLREQUESTNUMBER: '524',
    SYSTEM_PULLREQUEST_SOURCEBRANCH: 'fix/crash',
  });
  assert.equal(context?.pullRequest, '524');
  assert.equal(context.branch, 'fix/crash');
});

test('azure: collection URI without its trailing slash still yields one slash; tags give no branch', () => {
  const context = detectCiContext({
    ...base,
    SYSTEM_COLLECTIONURI: 'https://tfs.example.com/tfs/DefaultCollection',
    SYSTEM_TEAMPROJECT: 'Web',
    BUILD_SOURCEBRANCH: 'refs/tags/v3.1.0',
    BUILD_SOURCEBRANCHNAME: 'v3.1.0',
  });
  assert.equal(
    context?.buildUrl,
    'https://tfs.example.com/tfs/DefaultCollection/Web/_build/results?buildId=1430',
  );
  assert.equal(context.branch, undefined);
});

test('azure: TF_BUILD is compared case-insensitively; missing parts mean no build URL', () => {
  assert.deepEqual(detectCiContext({ TF_BUILD: 'true', BUILD_BUILDID: '7' }), { system: 'azure' });
});
