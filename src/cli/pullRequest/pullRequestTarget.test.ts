import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import type { PullRequestProvider, PullRequestRequest } from './pullRequestRead.ts';
import { pullRequestTarget } from './pullRequestTarget.ts';

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';

/** The target without its credentials, and the credential headers separately. */
function resolve(provider: PullRequestProvider, request: PullRequestRequest, env: Record<string, string>) {
  const { auth, ...target } = pullRequestTarget(provider, request, env);
  return { target, headers: auth?.headers };
}

function refuses(
  provider: PullRequestProvider,
  request: PullRequestRequest,
  env: Record<string, string>,
  message: RegExp,
) {
  assert.throws(
    () => pullRequestTarget(provider, request, env),
    (e) => isEvidentError(e, 'bad_request') && message.test(e.message),
  );
}

describe('pullRequestTarget: defaults from the CI variables', () => {
  it('github: GITHUB_API_URL, GITHUB_REPOSITORY, the number in GITHUB_REF, GITHUB_SHA, GITHUB_TOKEN', () => {
    const { target, headers } = resolve(
      'github',
      {},
      {
        GITHUB_API_URL: 'https://github.example.com/api/v3/',
        GITHUB_REPOSITORY: 'octocat/Hello-World',
        GITHUB_REF: 'refs/pull/1347/merge',
        GITHUB_SHA: SHA,
        GITHUB_TOKEN: 'ghs_token',
      },
    );
    assert.deepEqual(target, {
      provider: 'github',
      baseUrl: 'https://github.example.com/api/v3',
      repository: 'octocat/Hello-World',
      repositoryPath: ['octocat', 'Hello-World'],
      number: 1347,
      commit: SHA,
      tokenSource: 'GITHUB_TOKEN',
      tokenHint:
        'pass --token or set GITHUB_TOKEN (in a workflow: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})',
    });
    assert.deepEqual(headers, { authorization: 'Bearer ghs_token' });
  });

  it('github: api.github.com by default; no token, no credentials; a branch ref gives no number', () => {
    const { target, headers } = resolve(
      'github',
      {},
      { GITHUB_REPOSITORY: 'o/r', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA },
    );
    assert.equal(target.baseUrl, 'https://api.github.com');
    assert.equal(target.number, undefined);
    assert.equal(headers, undefined);
  });

  it('flags win over variables; a --commit alone asks for that commit, not the pipeline pull request', () => {
    const env = {
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_REF: 'refs/pull/5/merge',
      GITHUB_SHA: SHA,
      GITHUB_TOKEN: 'env',
    };
    const { target, headers } = resolve('github', { repository: 'a/b', number: '9', token: 'flag' }, env);
    assert.equal(target.repository, 'a/b');
    assert.equal(target.number, 9);
    assert.equal(target.tokenSource, '--token');
    assert.deepEqual(headers, { authorization: 'Bearer flag' });
    const byCommit = resolve('github', { commit: '1234567ABC' }, env).target;
    assert.equal(byCommit.number, undefined);
    assert.equal(byCommit.commit, '1234567abc');
  });

  it('gitlab: CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID, CI_COMMIT_SHA, GITLAB_TOKEN as PRIVATE-TOKEN', () => {
    const { target, headers } = resolve(
      'gitlab',
      {},
      {
        CI_API_V4_URL: 'https://gitlab.example.com/gitlab/api/v4',
        CI_PROJECT_ID: '3',
        CI_MERGE_REQUEST_IID: '7',
        CI_COMMIT_SHA: SHA,
        CI_JOB_TOKEN: 'job-token-is-not-used',
        GITLAB_TOKEN: 'glpat-x',
      },
    );
    assert.equal(target.baseUrl, 'https://gitlab.example.com/gitlab/api/v4');
    assert.deepEqual(target.repositoryPath, ['3']);
    assert.equal(target.repository, 'project 3');
    assert.equal(target.number, 7);
    assert.deepEqual(headers, { 'private-token': 'glpat-x' });
  });

  it('gitlab: a project path, plain or URL-encoded; gitlab.com by default', () => {
    const plain = resolve('gitlab', { repository: 'group/sub/project', number: 1 }, {}).target;
    assert.deepEqual(plain.repositoryPath, ['group/sub/project']);
    assert.equal(plain.baseUrl, 'https://gitlab.com/api/v4');
    assert.deepEqual(
      resolve('gitlab', { repository: 'group%2Fsub%2Fproject', number: 1 }, {}).target.repositoryPath,
      ['group/sub/project'],
    );
    refuses('gitlab', { repository: 'not a project' }, {}, /^--repository must be a project id or path/);
  });

  it('bitbucket: BITBUCKET_REPO_FULL_NAME (or workspace and slug), BITBUCKET_PR_ID, BITBUCKET_COMMIT', () => {
    const { target, headers } = resolve(
      'bitbucket',
      {},
      {
        BITBUCKET_REPO_FULL_NAME: 'acme/payments',
        BITBUCKET_PR_ID: '5',
        BITBUCKET_COMMIT: SHA,
        BITBUCKET_TOKEN: 'bb-token',
      },
    );
    assert.equal(target.baseUrl, 'https://api.bitbucket.org/2.0');
    assert.deepEqual(target.repositoryPath, ['acme', 'payments']);
    assert.equal(target.number, 5);
    assert.deepEqual(headers, { authorization: 'Bearer bb-token' });
    const fromParts = resolve(
      'bitbucket',
      {},
      { BITBUCKET_WORKSPACE: 'acme', BITBUCKET_REPO_SLUG: 'ledger', BITBUCKET_COMMIT: SHA },
    ).target;
    assert.equal(fromParts.repository, 'acme/ledger');
  });

  it('bitbucket: user and app password as Basic, from variables or as --token user:password', () => {
    const basic = `Basic ${Buffer.from('ci-bot:app-pass').toString('base64')}`;
    const env = { BITBUCKET_REPO_FULL_NAME: 'acme/payments', BITBUCKET_PR_ID: '5' };
    const fromEnv = resolve(
      'bitbucket',
      {},
      { ...env, BITBUCKET_USERNAME: 'ci-bot', BITBUCKET_APP_PASSWORD: 'app-pass' },
    );
    assert.deepEqual(fromEnv.headers, { authorization: basic });
    assert.deepEqual(resolve('bitbucket', { token: 'ci-bot:app-pass' }, env).headers, {
      authorization: basic,
    });
    refuses(
      'bitbucket',
      {},
      { ...env, BITBUCKET_USERNAME: 'ci-bot' },
      /^set both BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD/,
    );
  });

  it('azure: SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT with BUILD_REPOSITORY_NAME, the pull request id, BUILD_SOURCEVERSION', () => {
    const env = {
      SYSTEM_COLLECTIONURI: 'https://dev.azure.com/fabrikam/',
      SYSTEM_TEAMPROJECT: 'Fabrikam Fiber',
      BUILD_REPOSITORY_NAME: 'payments',
      BUILD_REPOSITORY_ID: '3411ebc1-d5aa-464f-9615-0b527bc66719',
      BUILD_REPOSITORY_PROVIDER: 'TfsGit',
      SYSTEM_PULLREQUEST_PULLREQUESTID: '22',
      BUILD_SOURCEVERSION: SHA,
      SYSTEM_ACCESSTOKEN: 'system-token',
      AZURE_DEVOPS_EXT_PAT: 'pat',
    };
    const { target, headers } = resolve('azure', {}, env);
    assert.equal(target.baseUrl, 'https://dev.azure.com/fabrikam');
    assert.deepEqual(target.repositoryPath, ['Fabrikam Fiber', 'payments']);
    assert.equal(target.number, 22);
    assert.equal(target.commit, SHA);
    assert.deepEqual(headers, { authorization: 'Bearer system-token' });
    const byId = resolve('azure', {}, { ...env, BUILD_REPOSITORY_NAME: '' }).target;
    assert.deepEqual(byId.repositoryPath, ['Fabrikam Fiber', '3411ebc1-d5aa-464f-9615-0b527bc66719']);
    const pat = resolve('azure', {}, { ...env, SYSTEM_ACCESSTOKEN: '' });
    assert.deepEqual(pat.headers, { authorization: `Basic ${Buffer.from(':pat').toString('base64')}` });
    assert.deepEqual(resolve('azure', { repository: 'other' }, env).target.repositoryPath, [
      'Fabrikam Fiber',
      'other',
    ]);
  });

  it('azure: refuses a pipeline that builds a GitHub repository', () => {
    refuses(
      'azure',
      {},
      {
        SYSTEM_COLLECTIONURI: 'https://dev.azure.com/f/',
        SYSTEM_TEAMPROJECT: 'P',
        BUILD_REPOSITORY_NAME: 'o/r',
        BUILD_REPOSITORY_PROVIDER: 'GitHub',
      },
      /builds a GitHub repository \(BUILD_REPOSITORY_PROVIDER\), not Azure Repos/,
    );
  });
});

describe('pullRequestTarget: bad input', () => {
  it('names what to set when the repository is missing', () => {
    refuses('github', {}, {}, /^no repository: pass --repository OWNER\/REPO or set GITHUB_REPOSITORY$/);
    refuses('gitlab', {}, {}, /^no project: pass --repository GROUP\/PROJECT .* or set CI_PROJECT_ID$/);
    refuses(
      'bitbucket',
      {},
      {},
      /^no repository: pass --repository WORKSPACE\/REPO or set BITBUCKET_REPO_FULL_NAME$/,
    );
    refuses(
      'azure',
      { repository: 'P/r' },
      {},
      /^no Azure DevOps organization URL: pass --base-url .* or set SYSTEM_COLLECTIONURI$/,
    );
    refuses(
      'azure',
      {},
      { SYSTEM_COLLECTIONURI: 'https://dev.azure.com/f/' },
      /^no repository: pass --repository PROJECT\/REPO/,
    );
  });

  it('refuses when there is neither a number nor a commit, naming the variables', () => {
    refuses(
      'github',
      {},
      { GITHUB_REPOSITORY: 'o/r', GITHUB_REF: 'refs/heads/main' },
      /^no pull request to read: pass --pr N or --commit SHA \(or set GITHUB_REF or GITHUB_SHA\)$/,
    );
    refuses('gitlab', {}, { CI_PROJECT_ID: '3' }, /\(or set CI_MERGE_REQUEST_IID or CI_COMMIT_SHA\)$/);
  });

  it('refuses a repository of the wrong shape', () => {
    refuses(
      'github',
      { repository: 'just-a-name' },
      {},
      /^--repository must be OWNER\/REPO; got "just-a-name"$/,
    );
    refuses('bitbucket', { repository: 'a/b/c' }, {}, /^--repository must be WORKSPACE\/REPO/);
  });

  it('refuses a pull request number that is not a positive whole number', () => {
    for (const number of ['12a', '-3', '0', '1.5', '99999999999999999']) {
      refuses(
        'github',
        { repository: 'o/r', number },
        {},
        /^--pr must be a pull request number \(a positive whole number\)/,
      );
    }
    refuses(
      'gitlab',
      {},
      { CI_PROJECT_ID: '3', CI_MERGE_REQUEST_IID: 'seven' },
      /^CI_MERGE_REQUEST_IID must be a pull request number/,
    );
  });

  it('refuses a malformed base URL, naming where it came from', () => {
    refuses(
      'github',
      { repository: 'o/r', baseUrl: 'github.example.com/api/v3' },
      {},
      /^--base-url must be the API's http\(s\) URL, like https:\/\/api\.github\.com or https:\/\/HOST\/api\/v3; got "github\.example\.com\/api\/v3"$/,
    );
    refuses(
      'gitlab',
      { repository: '3' },
      { CI_API_V4_URL: 'ftp://gitlab.example.com/api/v4' },
      /^CI_API_V4_URL must be the API's http\(s\) URL/,
    );
    refuses(
      'bitbucket',
      { repository: 'a/b', baseUrl: 'https://user:pw@api.bitbucket.org/2.0' },
      {},
      /^--base-url must be/,
    );
    refuses(
      'github',
      { repository: 'o/r', baseUrl: 'https://api.github.com/?x=1' },
      {},
      /^--base-url must be/,
    );
  });

  it('refuses a commit that is not a hash', () => {
    refuses(
      'github',
      { repository: 'o/r', commit: 'main' },
      {},
      /^--commit must be a commit hash \(7 to 64 hex digits\); got "main"$/,
    );
    refuses('github', { repository: 'o/r' }, { GITHUB_SHA: 'xyz' }, /^GITHUB_SHA must be a commit hash/);
  });
});
