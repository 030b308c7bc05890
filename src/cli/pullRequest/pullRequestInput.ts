import { EvidentError } from '../../core/errors.ts';

/** A value and where it came from (`--repository`, `GITHUB_REPOSITORY`…), for messages. */
export interface Sourced {
  readonly value: string;
  readonly source: string;
}

/**
 * An API root: absolute http(s), no credentials, query or fragment; returned without trailing
 * slashes. Anything else is `bad_request`, naming the flag or variable it came from.
 */
export function parseBaseUrl(input: Sourced, example: string): string {
  let url: URL | undefined;
  try {
    url = new URL(input.value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new EvidentError(
      'bad_request',
      `${input.source} must be the API's http(s) URL, like ${example}; got ${JSON.stringify(input.value)}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A pull request number: a positive whole number written in decimal digits. */
export function parsePullRequestNumber(input: Sourced): number {
  const number = /^[1-9][0-9]{0,15}$/.test(input.value.trim()) ? Number(input.value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(number)) {
    throw new EvidentError(
      'bad_request',
      `${input.source} must be a pull request number (a positive whole number); got ${JSON.stringify(input.value)}`,
    );
  }
  return number;
}

/** A commit hash: 7 to 64 hexadecimal digits (SHA-1 or SHA-256, full or abbreviated). */
export function parseCommit(input: Sourced): string {
  const commit = input.value.trim();
  if (!/^[0-9a-fA-F]{7,64}$/.test(commit)) {
    throw new EvidentError(
      'bad_request',
      `${input.source} must be a commit hash (7 to 64 hex digits); got ${JSON.stringify(input.value)}`,
    );
  }
  return commit.toLowerCase();
}

/**
 * `input` split into exactly two non-empty `/`-separated parts (`owner/repo`, `workspace/slug`,
 * `project/repo`), each matching `part`.
 */
export function parseTwoPartRepository(input: Sourced, shape: string, part: RegExp): [string, string] {
  const parts = input.value.trim().split('/');
  const [first, second] = parts;
  if (
    parts.length !== 2 ||
    first === undefined ||
    second === undefined ||
    !part.test(first) ||
    !part.test(second)
  ) {
    throw new EvidentError(
      'bad_request',
      `${input.source} must be ${shape}; got ${JSON.stringify(input.value)}`,
    );
  }
  return [first, second];
}
