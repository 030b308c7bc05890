import { EvidentError } from '../../core/errors.ts';

/** What a refused request was about, to word its error. */
export interface RefusedRequest {
  /** The provider's name, e.g. `GitHub`. */
  readonly label: string;
  /** `GET https://…` */
  readonly request: string;
  /** What was asked for, e.g. `pull request 42 in octocat/Hello-World`. */
  readonly subject: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Where the token came from, or `undefined` when none was sent. */
  readonly tokenSource: string | undefined;
  readonly tokenHint: string;
}

/**
 * The provider's own explanation from an error body: `message` (GitHub, GitLab, Azure DevOps),
 * `error.message` (Bitbucket), or `error` / `error_description` (OAuth-style answers).
 */
function providerDetail(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim().slice(0, 200);
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  const record = parsed as Record<string, unknown>;
  const nested = record.error;
  const candidates = [
    record.message,
    typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>).message : nested,
    record.error_description,
  ];
  const found = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return found === undefined ? '' : found.trim().slice(0, 200);
}

/** GitHub reports an exhausted primary rate limit as 403 with `x-ratelimit-remaining: 0`. */
function rateLimited(status: number, headers: Headers): boolean {
  return status === 429 || (status === 403 && headers.get('x-ratelimit-remaining') === '0');
}

/**
 * The EvidentError for a provider's non-2xx answer. Codes:
 * - 401 and 403 → `unauthorized`, naming the variable or flag that supplies the token;
 * - 404 → `not_found` (GitHub and GitLab also answer 404 for private repositories the token cannot see);
 * - 429, or GitHub's 403 with no requests left → `rate_limited`;
 * - other 4xx → `bad_request`;
 * - 5xx and anything else → `internal` (exit 1), not `unavailable`: exit 4 and the CLI's spool and
 *   fail-open logic mean "the Evident server is unreachable, the record was spooled". A provider
 *   outage leaves nothing to spool, and failing open on it would silently drop the attestation.
 */
export function providerStatusError(refused: RefusedRequest): EvidentError {
  const { label, request, subject, status, tokenSource, tokenHint } = refused;
  const detail = providerDetail(refused.body);
  const said = detail === '' ? '' : `: ${detail}`;
  const where = `(${status} for ${request})`;
  if (rateLimited(status, refused.headers)) {
    const more = tokenSource === undefined ? `; a token raises the limit: ${tokenHint}` : '';
    return new EvidentError(
      'rate_limited',
      `${label} rate limit reached ${where}${said}; retry later${more}`,
    );
  }
  if (status === 401) {
    return tokenSource === undefined
      ? new EvidentError('unauthorized', `${label} needs a token to read ${subject} ${where}: ${tokenHint}`)
      : new EvidentError('unauthorized', `${label} refused the token from ${tokenSource} ${where}${said}`);
  }
  if (status === 403) {
    const why =
      tokenSource === undefined ? `: ${tokenHint}` : `${said}; the token from ${tokenSource} may lack access`;
    return new EvidentError('unauthorized', `${label} denied access to ${subject} ${where}${why}`);
  }
  if (status === 404) {
    const hint = tokenSource === undefined ? `; if the repository is private, ${tokenHint}` : '';
    return new EvidentError('not_found', `${label} has no ${subject} ${where}${hint}`);
  }
  if (status >= 400 && status < 500) {
    return new EvidentError('bad_request', `${label} rejected the request for ${subject} ${where}${said}`);
  }
  return new EvidentError('internal', `${label} failed to answer for ${subject} ${where}${said}`);
}
