import type { PullRequestData } from '../../core/compliance/pullRequest/pullRequestData.ts';

/** The code hosts `evident attest pullrequest` reads pull (merge) requests from. */
export const PULL_REQUEST_PROVIDERS = ['github', 'gitlab', 'bitbucket', 'azure'] as const;
export type PullRequestProvider = (typeof PULL_REQUEST_PROVIDERS)[number];

/** What the CLI flags say; every missing field defaults from the CI system's documented variables. */
export interface PullRequestRequest {
  /** The provider's API root (`--base-url`), e.g. `https://github.example.com/api/v3`. */
  readonly baseUrl?: string;
  readonly token?: string;
  /** `owner/repo` (GitHub), project id or path (GitLab), `workspace/slug` (Bitbucket), `project/repo` (Azure). */
  readonly repository?: string;
  /** The pull request number (`--pr`). Without it, the pull request of `commit` is looked up. */
  readonly number?: string | number;
  readonly commit?: string;
}

/** Request headers that carry the credentials, and the strings no message may ever contain. */
export interface ProviderAuth {
  readonly headers: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

/** A request resolved against the environment and validated: everything a reader needs. */
export interface PullRequestTarget {
  readonly provider: PullRequestProvider;
  /** The API root, without a trailing slash. */
  readonly baseUrl: string;
  /** The repository as the user named it, for messages. */
  readonly repository: string;
  /** The repository's path segments in the provider's API (each is percent-encoded when used). */
  readonly repositoryPath: readonly string[];
  readonly number?: number;
  readonly commit?: string;
  readonly auth?: ProviderAuth;
  /** Where the token came from (`--token`, `GITHUB_TOKEN`…), for messages. */
  readonly tokenSource?: string;
  /** How to supply a token, naming the flag and the variable. */
  readonly tokenHint: string;
}

/** One response body exactly as the provider sent it, kept as an evidence file. */
export interface RawFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export interface PullRequestRead {
  readonly data: PullRequestData;
  /** Every response body fetched, in the order fetched. */
  readonly raw: readonly RawFile[];
  /** Said when the reader had to choose (several pull requests for the commit) or saw a limit. */
  readonly note?: string;
}

/** A pull request found for a commit, with what the choice among several needs. */
export interface PullRequestCandidate {
  readonly number: number;
  readonly state: PullRequestData['state'];
  /** Commits the merge produced on the target branch (merge, squash or rebase result). */
  readonly mergeCommits: readonly string[];
  /** ISO 8601 time of the last update, when the provider gives one. */
  readonly updatedAt?: string;
}
