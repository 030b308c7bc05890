import { EvidentError } from '../../core/errors.ts';
import type { PullRequestTarget, RawFile } from './pullRequestRead.ts';
import { providerStatusError } from './providerStatusError.ts';
import { ResponseShape } from './responseShape.ts';

export interface ProviderClientOptions {
  /** The provider's name in messages, e.g. `GitHub`. */
  readonly label: string;
  /** Headers every request carries (media type, API version), besides the credentials. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  readonly timeoutMs?: number;
}

export interface ProviderCall {
  readonly url: URL;
  /** The evidence file name of the answer, e.g. `github-pull-42.json`. */
  readonly raw: string;
  /** What is asked for, for messages: `pull request 42 in octocat/Hello-World`. */
  readonly subject: string;
  /** A JSON body: the call is then a POST. */
  readonly post?: unknown;
  /** An error for a status that means something particular here, checked before the generic mapping. */
  readonly onStatus?: (status: number) => EvidentError | undefined;
}

export interface ProviderReply {
  readonly url: URL;
  readonly headers: Headers;
  readonly body: unknown;
  readonly shape: ResponseShape;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  return error.cause instanceof Error ? error.cause.message : error.message;
}

/**
 * JSON over HTTP with one provider: sends the credentials only to the API's own origin (pagination
 * links and redirects to another host are refused, since custom headers such as GitLab's
 * `PRIVATE-TOKEN` would follow a redirect), keeps every answer's exact bytes as an evidence file, and
 * turns failures into EvidentErrors whose messages never contain the token.
 */
export class ProviderClient {
  /** The answers read so far, in order. */
  readonly raw: RawFile[] = [];
  readonly label: string;
  private readonly origin: string;

  constructor(
    private readonly target: PullRequestTarget,
    private readonly options: ProviderClientOptions,
  ) {
    this.label = options.label;
    this.origin = new URL(target.baseUrl).origin;
  }

  async json(call: ProviderCall): Promise<ProviderReply> {
    const method = call.post === undefined ? 'GET' : 'POST';
    const { response, url } = await this.send(method, call);
    const request = `${method} ${url.href}`;
    const bytes = Buffer.from(await response.arrayBuffer());
    const special = call.onStatus?.(response.status);
    if (special !== undefined) throw this.scrubbed(special);
    if (response.status < 200 || response.status > 299) {
      throw this.scrubbed(
        providerStatusError({
          label: this.label,
          request,
          subject: call.subject,
          status: response.status,
          headers: response.headers,
          body: bytes.toString('utf8'),
          tokenSource: this.target.auth === undefined ? undefined : this.target.tokenSource,
          tokenHint: this.target.tokenHint,
        }),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      const start = bytes.toString('utf8').trim().slice(0, 120);
      throw this.scrubbed(
        new EvidentError(
          'internal',
          `${this.label} answered ${request} with ${response.status} but not JSON (${type}): ${JSON.stringify(start)}`,
        ),
      );
    }
    this.raw.push({ name: call.raw, bytes });
    return { url, headers: response.headers, body, shape: new ResponseShape(`${this.label} ${request}`) };
  }

  /** Sends the request, following same-origin redirects only. */
  private async send(method: string, call: ProviderCall): Promise<{ response: Response; url: URL }> {
    let url = call.url;
    for (let hop = 0; ; hop++) {
      if (url.origin !== this.origin) {
        throw this.scrubbed(
          new EvidentError(
            'internal',
            `${this.label} pointed to ${url.origin} while reading ${call.subject}; refusing to send the credentials outside ${this.origin}`,
          ),
        );
      }
      let response: Response;
      try {
        response = await this.options.fetch(url, {
          method,
          headers: {
            'user-agent': 'evident-cli',
            ...this.options.headers,
            ...(call.post !== undefined && { 'content-type': 'application/json' }),
            ...this.target.auth?.headers,
          },
          ...(call.post !== undefined && { body: JSON.stringify(call.post) }),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        throw this.scrubbed(
          new EvidentError('internal', `cannot reach ${this.label} at ${this.origin}: ${causeOf(error)}`),
        );
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) return { response, url };
      if (hop >= MAX_REDIRECTS) {
        throw new EvidentError('internal', `${this.label} redirected ${call.url.href} too many times`);
      }
      await response.arrayBuffer();
      url = new URL(location, url);
    }
  }

  /** The same error with every credential replaced, in case a provider echoed one back. */
  private scrubbed(error: EvidentError): EvidentError {
    let message = error.message;
    for (const secret of this.target.auth?.secrets ?? []) {
      if (secret !== '') message = message.split(secret).join('***');
    }
    return message === error.message ? error : new EvidentError(error.code, message);
  }
}
