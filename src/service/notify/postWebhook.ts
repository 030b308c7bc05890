import { messageOf } from '../../core/errors.ts';
import type { WebhookRequest } from './webhookRequest.ts';

/** What came of one POST: the receiver's status, or why there is none; `stopped` if we gave up. */
export interface PostResult {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly stopped: boolean;
}

/**
 * POSTs a webhook request, giving up after `timeoutMs` or when `stop` fires (the server is
 * stopping). Redirects are not followed: a webhook URL is configured, not discovered, and following
 * one would send the signed body somewhere nobody configured. Errors are described without the URL,
 * which may itself be a credential.
 */
export async function postWebhook(
  fetchFn: typeof fetch,
  url: string,
  request: WebhookRequest,
  timeoutMs: number,
  stop?: AbortSignal,
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stop === undefined ? timeout : AbortSignal.any([timeout, stop]);
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    // The answer's body means nothing to us (and may be large): drop it.
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, error: ok ? null : `HTTP ${response.status}`, stopped: false };
  } catch (error) {
    if (stop?.aborted === true) return { statusCode: null, error: null, stopped: true };
    if (timeout.aborted)
      return { statusCode: null, error: `no answer within ${timeoutMs} ms`, stopped: false };
    return { statusCode: null, error: withoutUrl(describe(error), url), stopped: false };
  }
}

/** fetch's own message ("fetch failed") with its cause (e.g. "connect ECONNREFUSED 127.0.0.1:9"). */
function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return cause === undefined ? messageOf(error) : `${messageOf(error)}: ${messageOf(cause)}`;
}

/** Replaces the URL's path, query and fragment (where a Slack URL keeps its secret) wherever they appear. */
function withoutUrl(text: string, url: string): string {
  const { origin, href } = new URL(url);
  const rest = href.slice(origin.length);
  const scrubbed = text.replaceAll(href, origin);
  return (rest.length > 1 ? scrubbed.replaceAll(rest, '/…') : scrubbed).slice(0, 500);
}
