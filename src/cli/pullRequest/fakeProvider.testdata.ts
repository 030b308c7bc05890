// A real HTTP server on 127.0.0.1 that answers like a code host's REST API, for the pull request
// readers' tests: routes by method and raw path, checks credentials, and records what it received
// and the exact bytes it sent.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PullRequestData } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { pullRequestEvaluator } from '../../core/compliance/pullRequest/pullRequestEvaluator.ts';
import type { JsonValue } from '../../core/ledger/canonicalJson.ts';
import type { Evaluation } from '../../core/compliance/evaluation.ts';
import type { PullRequestRead } from './pullRequestRead.ts';
import { isEvidentError, type ErrorCode } from '../../core/errors.ts';

export interface FakeRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded (`/projects/group%2Fproject`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is, instead of `json`. */
  readonly text?: string;
}

export type FakeRoute = (request: FakeRequest) => FakeReply;

export interface FakeProviderOptions {
  /** True when the request carries the credentials this provider accepts. */
  readonly authorized: (request: FakeRequest) => boolean;
  /** The provider's answer without (valid) credentials. */
  readonly unauthorized: FakeReply | FakeRoute;
  /** The provider's answer for a path it does not know. */
  readonly notFound: FakeReply;
}

export interface FakeProvider {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly requests: FakeRequest[];
  /** The bodies of the 2xx answers, in order: what a reader's raw files must equal. */
  readonly sentOk: Buffer[];
  route(method: string, path: string, route: FakeRoute | FakeReply): void;
  close(): Promise<void>;
}

export async function startFakeProvider(options: FakeProviderOptions): Promise<FakeProvider> {
  const routes = new Map<string, FakeRoute>();
  const requests: FakeRequest[] = [];
  const sentOk: Buffer[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const [path = '', search = ''] = (incoming.url ?? '').split('?', 2);
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        path,
        query: new URLSearchParams(search),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const route = routes.get(`${request.method} ${path}`);
      const { unauthorized } = options;
      const reply = !options.authorized(request)
        ? typeof unauthorized === 'function'
          ? unauthorized(request)
          : unauthorized
        : route === undefined
          ? options.notFound
          : route(request);
      const bytes = Buffer.from(reply.text ?? JSON.stringify(reply.json ?? null));
      const status = reply.status ?? 200;
      if (status >= 200 && status < 300) sentOk.push(bytes);
      outgoing.writeHead(status, {
        'content-type': reply.text === undefined ? 'application/json; charset=utf-8' : 'text/html',
        ...reply.headers,
      });
      outgoing.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    sentOk,
    route(method, path, route) {
      routes.set(`${method} ${path}`, typeof route === 'function' ? route : () => route);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** `items` in pages of `size`: the fake providers split lists to exercise real pagination. */
export function pagesOf<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

/** The 1-based page number a request asks for with `param` (default 1). */
export function pageAsked(request: FakeRequest, param = 'page'): number {
  return Number(request.query.get(param) ?? '1');
}

/** Asserts that `promise` rejects with an EvidentError of `code` whose message matches `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: ErrorCode,
  message: RegExp,
): Promise<string> {
  let text = '';
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isEvidentError(error, code), `expected EvidentError ${code}, got ${String(error)}`);
    assert.match(error.message, message);
    text = error.message;
    return true;
  });
  return text;
}

/** What the server's `pull_request` evaluator says about read data, sent as JSON as the CLI would. */
export function evaluated(data: PullRequestData, params: unknown = {}): Evaluation {
  return pullRequestEvaluator.evaluate({
    evidence: [],
    data: JSON.parse(JSON.stringify(data)) as JsonValue,
    params: pullRequestEvaluator.parseParams(params),
  });
}

/** A request as `PATH?name=value&…`, the query decoded, for comparing what a reader asked for. */
export function requestLine(request: FakeRequest): string {
  return `${request.path}?${[...request.query].map(([name, value]) => `${name}=${value}`).join('&')}`;
}

/** What `server` receives and sends from now on, to check one read. */
export function watch(server: FakeProvider) {
  const requests = server.requests.length;
  const sent = server.sentOk.length;
  return {
    requests: (): FakeRequest[] => server.requests.slice(requests),
    /** The raw files are named `names`, in order, and are exactly the bodies the server sent. */
    assertRaw(read: PullRequestRead, names: readonly string[]): void {
      assert.deepEqual(
        read.raw.map((file) => file.name),
        names,
      );
      assert.deepEqual(
        read.raw.map((file) => file.bytes),
        server.sentOk.slice(sent),
      );
    },
  };
}
