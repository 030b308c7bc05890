// A real HTTP server on 127.0.0.1 answering the two pod list endpoints of the Kubernetes API the way
// an API server does, for the reporter's tests; and kubeconfig files pointing at it.
//
// - `GET /api/v1/pods` and `GET /api/v1/namespaces/{ns}/pods` return a PodList, items in etcd key
//   order (namespace/name), split into pages by `limit` with an opaque `continue` token and
//   `remainingItemCount` (API concepts, "Retrieving large results sets in chunks");
// - without `Authorization: Bearer <token>` (or with another token): 401 and a Status object; with
//   `forbid` set: 403 and the Status the RBAC authorizer writes;
// - `expireNextContinue`: the next request with a continue token gets 410 Gone, reason Expired;
// - `failWith`: every request gets that status; `stall`: requests are never answered.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from './pods.testdata.ts';

export interface RecordedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  forbid: boolean;
  expireNextContinue: boolean;
  failWith: number | undefined;
  stall: boolean;
  close(): Promise<void>;
}

/** The identity the 403 names, as for the reporter's service account of deploy/k8s. */
const USER = 'system:serviceaccount:evident:evident-reporter';
const RESOURCE_VERSION = '4711042';

const status = (code: number, reason: string, message: string, details?: Json): Json => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details !== undefined && { details }),
  code,
});

const keyOf = (pod: Json): string => {
  const metadata = pod.metadata as { namespace: string; name: string };
  return `${metadata.namespace}/${metadata.name}`;
};

/** A continue token shaped like the API server's: base64 of {"v","rv","start"}. */
const continueToken = (start: string): string =>
  Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(RESOURCE_VERSION), start })).toString(
    'base64',
  );

function startOf(token: string): string | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { start?: unknown };
    return typeof decoded.start === 'string' ? decoded.start : undefined;
  } catch {
    return undefined;
  }
}

export async function startFakeKubeApi(token: string, pods: readonly Json[]): Promise<FakeKubeApi> {
  const sorted = [...pods].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const requests: RecordedRequest[] = [];
  const stalled: ServerResponse[] = [];

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const send = (code: number, body: Json): void => {
      response.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: request.headers.authorization,
    });
    if (api.stall) {
      stalled.push(response);
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (api.failWith !== undefined) {
      send(
        api.failWith,
        status(api.failWith, 'InternalError', 'Internal error occurred: etcdserver: request timed out'),
      );
      return;
    }
    const namespaced = /^\/api\/v1\/namespaces\/([a-z0-9-]+)\/pods$/.exec(url.pathname);
    if (request.method !== 'GET' || (url.pathname !== '/api/v1/pods' && namespaced === null)) {
      send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const namespace = namespaced?.[1];
    if (api.forbid) {
      const where = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      send(
        403,
        status(
          403,
          'Forbidden',
          `pods is forbidden: User "${USER}" cannot list resource "pods" in API group "" ${where}`,
          {
            kind: 'pods',
          },
        ),
      );
      return;
    }
    const items = sorted.filter((pod) => namespace === undefined || keyOf(pod).startsWith(`${namespace}/`));
    const token_ = url.searchParams.get('continue');
    let from = 0;
    if (token_ !== null) {
      if (api.expireNextContinue) {
        api.expireNextContinue = false;
        send(
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          ),
        );
        return;
      }
      const start = startOf(token_);
      if (start === undefined) {
        send(400, status(400, 'BadRequest', 'continue key is not valid: illegal base64 data'));
        return;
      }
      from = items.findIndex((pod) => keyOf(pod) >= start);
      if (from < 0) from = items.length;
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? items.length : Number(limitText);
    const page = items.slice(from, from + limit);
    const remaining = items.length - from - page.length;
    const last = page.at(-1);
    send(200, {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: RESOURCE_VERSION,
        ...(remaining > 0 && last !== undefined && { continue: continueToken(`${keyOf(last)}\u0000`) }),
        ...(remaining > 0 && { remainingItemCount: remaining }),
      },
      items: page,
    });
  };

  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api: FakeKubeApi = {
    url: `http://127.0.0.1:${port}`,
    requests,
    forbid: false,
    expireNextContinue: false,
    failWith: undefined,
    stall: false,
    close: async () => {
      for (const response of stalled) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** An http URL on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface KubeconfigContext {
  readonly name: string;
  readonly server: string;
  /** Leave out for a user with no credentials. */
  readonly token?: string;
  /** Default true: the client only talks plain http with TLS verification explicitly off. */
  readonly insecureSkipTlsVerify?: boolean;
}

/**
 * Writes a kubeconfig (the `kubectl config view --raw` layout) with one cluster, user and context per
 * entry, and returns its path. `currentContext` null leaves current-context out.
 */
export function writeKubeconfig(
  dir: string,
  file: string,
  contexts: readonly KubeconfigContext[],
  currentContext: string | null = contexts[0]?.name ?? null,
): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', 'clusters:'];
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
    if (c.insecureSkipTlsVerify ?? true) lines.push('    insecure-skip-tls-verify: true');
  }
  lines.push('users:');
  for (const c of contexts) {
    lines.push(
      `- name: ${c.name}-reporter`,
      c.token === undefined ? '  user: {}' : `  user:\n    token: ${c.token}`,
    );
  }
  lines.push('contexts:');
  for (const c of contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, `    user: ${c.name}-reporter`);
  }
  if (currentContext !== null) lines.push(`current-context: ${currentContext}`);
  const path = join(dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
