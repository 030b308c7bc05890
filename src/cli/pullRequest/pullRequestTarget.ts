import { EvidentError } from '../../core/errors.ts';
import { envValue, numberFrom, type Env } from '../context/env.ts';
import {
  parseBaseUrl,
  parseCommit,
  parsePullRequestNumber,
  parseTwoPartRepository,
  type Sourced,
} from './pullRequestInput.ts';
import type {
  ProviderAuth,
  PullRequestProvider,
  PullRequestRequest,
  PullRequestTarget,
} from './pullRequestRead.ts';

/** The flag's value when given, else the first of `names` set in `env` (blank counts as unset). */
function sourced(
  env: Env,
  flag: string,
  given: string | number | undefined,
  ...names: string[]
): Sourced | undefined {
  if (given !== undefined && String(given).trim() !== '')
    return { value: String(given).trim(), source: flag };
  for (const name of names) {
    const value = envValue(env, name);
    if (value !== undefined) return { value, source: name };
  }
  return undefined;
}

function required(value: Sourced | undefined, what: string, hint: string): Sourced {
  if (value === undefined) throw new EvidentError('bad_request', `no ${what}: ${hint}`);
  return value;
}

function bearer(token: string): ProviderAuth {
  return { headers: { authorization: `Bearer ${token}` }, secrets: [token] };
}

function basic(user: string, password: string): ProviderAuth {
  const encoded = Buffer.from(`${user}:${password}`).toString('base64');
  return { headers: { authorization: `Basic ${encoded}` }, secrets: [password, encoded] };
}

/** What every provider resolves the same way: which pull request, by number or by commit. */
interface Common {
  readonly number?: number;
  readonly commit?: string;
}

/**
 * The number from the flag; else, unless a commit was given on the command line (the user then asks
 * for that commit's pull request), the one from the CI variables. The commit from the flag or the
 * commit variable. Without either there is nothing to read: `bad_request` naming both ways.
 */
function common(
  request: PullRequestRequest,
  env: Env,
  envNumber: Sourced | undefined,
  variables: { readonly number: string; readonly commit: string },
): Common {
  const flagNumber = sourced(env, '--pr', request.number);
  const commitGiven = sourced(env, '--commit', request.commit);
  const number = flagNumber ?? (commitGiven === undefined ? envNumber : undefined);
  const commit = commitGiven ?? sourced(env, '--commit', undefined, variables.commit);
  if (number === undefined && commit === undefined) {
    throw new EvidentError(
      'bad_request',
      `no pull request to read: pass --pr N or --commit SHA (or set ${variables.number} or ${variables.commit})`,
    );
  }
  return {
    ...(number !== undefined && { number: parsePullRequestNumber(number) }),
    ...(commit !== undefined && { commit: parseCommit(commit) }),
  };
}

function withToken(
  target: Omit<PullRequestTarget, 'auth' | 'tokenSource'>,
  token: Sourced | undefined,
  auth: (token: string) => ProviderAuth,
): PullRequestTarget {
  return token === undefined ? target : { ...target, auth: auth(token.value), tokenSource: token.source };
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * GitHub Actions. Source: GitHub Docs, "Variables reference" → "Default environment variables"
 * (docs.github.com/en/actions/reference/workflows-and-actions/variables): `GITHUB_API_URL` ("Returns the
 * API URL", `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server),
 * `GITHUB_REPOSITORY` (`owner/name`), `GITHUB_REF` (`refs/pull/<pr_number>/merge` on pull request
 * events), `GITHUB_SHA`. `GITHUB_TOKEN` is not set by GitHub: the workflow maps the secret,
 * `env: { GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} }`. Public repositories read without a token.
 */
function githubTarget(request: PullRequestRequest, env: Env): PullRequestTarget {
  const repository = required(
    sourced(env, '--repository', request.repository, 'GITHUB_REPOSITORY'),
    'repository',
    'pass --repository OWNER/REPO or set GITHUB_REPOSITORY',
  );
  const ref = envValue(env, 'GITHUB_REF');
  const prFromRef = numberFrom(ref, /^refs\/pull\/(\d+)\/merge$/);
  const target = {
    provider: 'github' as const,
    baseUrl: parseBaseUrl(
      sourced(env, '--base-url', request.baseUrl, 'GITHUB_API_URL') ?? {
        value: 'https://api.github.com',
        source: 'the default',
      },
      'https://api.github.com or https://HOST/api/v3',
    ),
    repository: repository.value,
    repositoryPath: parseTwoPartRepository(repository, 'OWNER/REPO', NAME),
    ...common(
      request,
      env,
      prFromRef === undefined ? undefined : { value: prFromRef, source: 'GITHUB_REF' },
      { number: 'GITHUB_REF', commit: 'GITHUB_SHA' },
    ),
    tokenHint: 'pass --token or set GITHUB_TOKEN (in a workflow: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})',
  };
  return withToken(target, sourced(env, '--token', request.token, 'GITHUB_TOKEN'), bearer);
}

/**
 * GitLab CI/CD. Source: GitLab Docs, "Predefined CI/CD variables reference"
 * (docs.gitlab.com/ci/variables/predefined_variables): `CI_API_V4_URL` ("The GitLab API v4 root URL"),
 * `CI_PROJECT_ID`, `CI_MERGE_REQUEST_IID` (merge request pipelines only), `CI_COMMIT_SHA`.
 * The token is a personal, project or group access token in `GITLAB_TOKEN`, sent as `PRIVATE-TOKEN`.
 * `CI_JOB_TOKEN` is not used: the merge request endpoints do not accept job tokens (GitLab Docs, "GitLab
 * CI/CD job token" → "Job token access" lists no merge request API; gitlab-org/gitlab#545150 asks for it).
 */
function gitlabTarget(request: PullRequestRequest, env: Env): PullRequestTarget {
  const project = required(
    sourced(env, '--repository', request.repository, 'CI_PROJECT_ID'),
    'project',
    'pass --repository GROUP/PROJECT (or the numeric project id) or set CI_PROJECT_ID',
  );
  // A path may be given already encoded (`group%2Fproject`), as the API documents it.
  const id = project.value.includes('%') ? safeDecode(project) : project.value;
  if (!/^[0-9]+$/.test(id) && !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/.test(id)) {
    throw new EvidentError(
      'bad_request',
      `${project.source} must be a project id or path like group/subgroup/project; got ${JSON.stringify(project.value)}`,
    );
  }
  const iid = sourced(env, '--pr', undefined, 'CI_MERGE_REQUEST_IID');
  const target = {
    provider: 'gitlab' as const,
    baseUrl: parseBaseUrl(
      sourced(env, '--base-url', request.baseUrl, 'CI_API_V4_URL') ?? {
        value: 'https://gitlab.com/api/v4',
        source: 'the default',
      },
      'https://gitlab.com/api/v4 or https://HOST/api/v4',
    ),
    // Messages say `merge request 7 in project 3`, or `in group/project`.
    repository: /^[0-9]+$/.test(id) ? `project ${id}` : id,
    repositoryPath: [id],
    ...common(request, env, iid, { number: 'CI_MERGE_REQUEST_IID', commit: 'CI_COMMIT_SHA' }),
    tokenHint: 'pass --token or set GITLAB_TOKEN to an access token with read_api scope',
  };
  return withToken(target, sourced(env, '--token', request.token, 'GITLAB_TOKEN'), (token) => ({
    headers: { 'private-token': token },
    secrets: [token],
  }));
}

function safeDecode(input: Sourced): string {
  try {
    return decodeURIComponent(input.value);
  } catch {
    throw new EvidentError(
      'bad_request',
      `${input.source} is not a valid project path: ${JSON.stringify(input.value)}`,
    );
  }
}

/**
 * Bitbucket Pipelines. Source: Atlassian Support, "Variables and secrets" → "Default variables"
 * (support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets): `BITBUCKET_REPO_FULL_NAME`
 * ("everything that comes after http://bitbucket.org/"), else `BITBUCKET_WORKSPACE` and
 * `BITBUCKET_REPO_SLUG`; `BITBUCKET_PR_ID` (pull request builds only); `BITBUCKET_COMMIT`.
 * Credentials are user-defined secured variables: an access token in `BITBUCKET_TOKEN` (Bearer), or
 * `BITBUCKET_USERNAME` with `BITBUCKET_APP_PASSWORD` (Basic). A `--token` containing `:` is taken as
 * `user:app-password`.
 */
function bitbucketTarget(request: PullRequestRequest, env: Env): PullRequestTarget {
  const workspace = envValue(env, 'BITBUCKET_WORKSPACE');
  const slug = envValue(env, 'BITBUCKET_REPO_SLUG');
  const repository = required(
    sourced(env, '--repository', request.repository, 'BITBUCKET_REPO_FULL_NAME') ??
      (workspace !== undefined && slug !== undefined
        ? { value: `${workspace}/${slug}`, source: 'BITBUCKET_WORKSPACE/BITBUCKET_REPO_SLUG' }
        : undefined),
    'repository',
    'pass --repository WORKSPACE/REPO or set BITBUCKET_REPO_FULL_NAME',
  );
  const target = {
    provider: 'bitbucket' as const,
    baseUrl: parseBaseUrl(
      sourced(env, '--base-url', request.baseUrl) ?? {
        value: 'https://api.bitbucket.org/2.0',
        source: 'the default',
      },
      'https://api.bitbucket.org/2.0',
    ),
    repository: repository.value,
    repositoryPath: parseTwoPartRepository(repository, 'WORKSPACE/REPO', NAME),
    ...common(request, env, sourced(env, '--pr', undefined, 'BITBUCKET_PR_ID'), {
      number: 'BITBUCKET_PR_ID',
      commit: 'BITBUCKET_COMMIT',
    }),
    tokenHint:
      'pass --token or set BITBUCKET_TOKEN (an access token), or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD',
  };
  const token = sourced(env, '--token', request.token, 'BITBUCKET_TOKEN');
  if (token !== undefined) {
    const colon = token.value.indexOf(':');
    return withToken(target, token, (value) =>
      colon > 0 ? basic(value.slice(0, colon), value.slice(colon + 1)) : bearer(value),
    );
  }
  const user = envValue(env, 'BITBUCKET_USERNAME');
  const password = envValue(env, 'BITBUCKET_APP_PASSWORD');
  if ((user === undefined) !== (password === undefined)) {
    throw new EvidentError(
      'bad_request',
      'set both BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD, or neither',
    );
  }
  if (user === undefined || password === undefined) return target;
  return { ...target, auth: basic(user, password), tokenSource: 'BITBUCKET_USERNAME/BITBUCKET_APP_PASSWORD' };
}

/**
 * Azure Pipelines. Source: Microsoft Learn, "Use predefined variables"
 * (learn.microsoft.com/azure/devops/pipelines/build/variables): `SYSTEM_COLLECTIONURI`
 * (`https://dev.azure.com/fabrikamfiber/`), `SYSTEM_TEAMPROJECT`, `BUILD_REPOSITORY_NAME` (else
 * `BUILD_REPOSITORY_ID`), `BUILD_REPOSITORY_PROVIDER` (`TfsGit` for Azure Repos),
 * `SYSTEM_PULLREQUEST_PULLREQUESTID` (pull request builds), `BUILD_SOURCEVERSION`. Tokens:
 * `SYSTEM_ACCESSTOKEN` (the job's OAuth token, only present when the pipeline maps it:
 * `env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }`), sent as Bearer; `AZURE_DEVOPS_EXT_PAT` (the
 * variable the Azure DevOps CLI reads a personal access token from) and `--token` are PATs, sent as
 * Basic with an empty user name.
 */
function azureTarget(request: PullRequestRequest, env: Env): PullRequestTarget {
  const given = sourced(env, '--repository', request.repository);
  const project = envValue(env, 'SYSTEM_TEAMPROJECT');
  let repository: Sourced | undefined = given;
  if (given !== undefined && !given.value.includes('/') && project !== undefined) {
    repository = { value: `${project}/${given.value}`, source: `SYSTEM_TEAMPROJECT and ${given.source}` };
  }
  if (given === undefined) {
    const provider = envValue(env, 'BUILD_REPOSITORY_PROVIDER');
    if (provider !== undefined && provider !== 'TfsGit') {
      throw new EvidentError(
        'bad_request',
        `this pipeline builds a ${provider} repository (BUILD_REPOSITORY_PROVIDER), not Azure Repos; read its pull request from that provider`,
      );
    }
    const name = sourced(env, '--repository', undefined, 'BUILD_REPOSITORY_NAME', 'BUILD_REPOSITORY_ID');
    if (project !== undefined && name !== undefined) {
      repository = { value: `${project}/${name.value}`, source: `SYSTEM_TEAMPROJECT and ${name.source}` };
    }
  }
  const resolved = required(
    repository,
    'repository',
    'pass --repository PROJECT/REPO or set SYSTEM_TEAMPROJECT and BUILD_REPOSITORY_NAME',
  );
  const target = {
    provider: 'azure' as const,
    baseUrl: parseBaseUrl(
      required(
        sourced(env, '--base-url', request.baseUrl, 'SYSTEM_COLLECTIONURI'),
        'Azure DevOps organization URL',
        'pass --base-url https://dev.azure.com/ORGANIZATION or set SYSTEM_COLLECTIONURI',
      ),
      'https://dev.azure.com/ORGANIZATION',
    ),
    repository: resolved.value,
    // Project names may contain spaces; neither part may contain a slash or a control character.
    repositoryPath: parseTwoPartRepository(resolved, 'PROJECT/REPO', /^[^/\p{Cc}]+$/u),
    ...common(request, env, sourced(env, '--pr', undefined, 'SYSTEM_PULLREQUEST_PULLREQUESTID'), {
      number: 'SYSTEM_PULLREQUEST_PULLREQUESTID',
      commit: 'BUILD_SOURCEVERSION',
    }),
    tokenHint:
      'pass --token (a PAT), map SYSTEM_ACCESSTOKEN: $(System.AccessToken), or set AZURE_DEVOPS_EXT_PAT',
  };
  const pat = sourced(env, '--token', request.token);
  if (pat !== undefined) return withToken(target, pat, (token) => basic('', token));
  const system = sourced(env, '--token', undefined, 'SYSTEM_ACCESSTOKEN');
  if (system !== undefined) return withToken(target, system, bearer);
  return withToken(target, sourced(env, '--token', undefined, 'AZURE_DEVOPS_EXT_PAT'), (token) =>
    basic('', token),
  );
}

/**
 * `request` completed from the CI system's documented variables (flags always win) and validated.
 * Throws `bad_request` naming the flag or variable to set when something is missing or malformed.
 */
export function pullRequestTarget(
  provider: PullRequestProvider,
  request: PullRequestRequest,
  env: Env,
): PullRequestTarget {
  switch (provider) {
    case 'github':
      return githubTarget(request, env);
    case 'gitlab':
      return gitlabTarget(request, env);
    case 'bitbucket':
      return bitbucketTarget(request, env);
    case 'azure':
      return azureTarget(request, env);
  }
}
