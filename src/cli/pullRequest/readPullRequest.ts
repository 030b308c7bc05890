import { parsePullRequestData } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { EvidentError } from '../../core/errors.ts';
import type { Env } from '../context/env.ts';
import { readAzurePullRequest } from './azurePullRequest.ts';
import { readBitbucketPullRequest } from './bitbucketPullRequest.ts';
import { readGitHubPullRequest } from './githubPullRequest.ts';
import { readGitLabPullRequest } from './gitlabPullRequest.ts';
import {
  PULL_REQUEST_PROVIDERS,
  type PullRequestProvider,
  type PullRequestRead,
  type PullRequestRequest,
  type PullRequestTarget,
} from './pullRequestRead.ts';
import { pullRequestTarget } from './pullRequestTarget.ts';

const READERS: Readonly<
  Record<
    PullRequestProvider,
    (target: PullRequestTarget, fetchImpl: typeof fetch) => Promise<PullRequestRead>
  >
> = {
  github: readGitHubPullRequest,
  gitlab: readGitLabPullRequest,
  bitbucket: readBitbucketPullRequest,
  azure: readAzurePullRequest,
};

export function isPullRequestProvider(value: string): value is PullRequestProvider {
  return (PULL_REQUEST_PROVIDERS as readonly string[]).includes(value);
}

/**
 * `evident attest pullrequest PROVIDER`: reads a pull request from the provider's REST API as
 * provider-neutral `pull_request` data (checked against its schema), with every response body fetched
 * as evidence files. Values missing from `request` default from the CI system's documented variables
 * in `env`; without a number, the pull request of the commit is looked up (see `choosePullRequest`).
 */
export async function readPullRequest(
  provider: PullRequestProvider,
  request: PullRequestRequest,
  env: Env,
  fetchImpl: typeof fetch = fetch,
): Promise<PullRequestRead> {
  if (!isPullRequestProvider(provider)) {
    throw new EvidentError(
      'bad_request',
      `unknown pull request provider ${JSON.stringify(provider)} (known: ${PULL_REQUEST_PROVIDERS.join(', ')})`,
    );
  }
  const read = await READERS[provider](pullRequestTarget(provider, request, env), fetchImpl);
  return { ...read, data: parsePullRequestData(read.data) };
}
