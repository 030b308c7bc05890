import { EvidentError } from '../errors.ts';

/** Long enough for any real endpoint (a Slack incoming-webhook URL is about 80 characters). */
const MAX_URL_LENGTH = 2048;

/**
 * Checks a webhook URL: absolute http(s) (WHATWG URL), no user name or password in it (they would
 * travel as credentials nobody asked for, and end up wherever the URL is shown). Answers the URL as
 * parsed and its origin, the only part that may be recorded or shown.
 */
export function checkWebhookUrl(text: string): { url: string; origin: string } {
  if (text.length > MAX_URL_LENGTH)
    throw new EvidentError('bad_request', `a webhook URL is at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EvidentError('bad_request', 'the webhook URL is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EvidentError(
      'bad_request',
      `a webhook URL must be http or https, not ${url.protocol.slice(0, 20).replace(/:$/, '')}`,
    );
  if (url.username !== '' || url.password !== '')
    throw new EvidentError(
      'bad_request',
      'a webhook URL must not carry a user name or password; generic webhooks are authenticated by their signature',
    );
  return { url: url.href, origin: url.origin };
}
