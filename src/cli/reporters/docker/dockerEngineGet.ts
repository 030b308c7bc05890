import { request, type IncomingMessage } from 'node:http';
import { EvidentError, messageOf, type ErrorCode } from '../../../core/errors.ts';
import { describeEndpoint, type DockerEndpoint } from './dockerEndpoint.ts';

export interface DockerEngineGetOptions {
  /** Give up on a daemon that does not answer (default 30 s). */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Bounded input (DESIGN §7): a list of thousands of containers is a few MiB. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * GET `path` from the Docker Engine API and parse the JSON answer. Plain node:http: over the
 * unix socket (`socketPath`) or TCP, no SDK.
 *
 * A non-2xx answer throws with the daemon's own words: the Engine API answers errors as
 * `{"message": "..."}` (Engine API reference, "Errors"). 404 is `not_found`, so that callers can
 * tell "no such image" apart from a failure.
 */
export async function dockerEngineGet(
  endpoint: DockerEndpoint,
  path: string,
  options: DockerEngineGetOptions = {},
): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await send(endpoint, path, timeoutMs);
  const text = await readBody(response, endpoint, path);
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    throw new EvidentError(
      codeOfStatus(status),
      `Docker Engine at ${describeEndpoint(endpoint)} answered GET ${path} with ${status}: ${engineMessage(text)}`,
      { status, path },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EvidentError(
      'unavailable',
      `Docker Engine at ${describeEndpoint(endpoint)} answered GET ${path} with something other than JSON; is it a Docker Engine?`,
      { path },
    );
  }
}

function send(endpoint: DockerEndpoint, path: string, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target =
      endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath }
        : { hostname: endpoint.hostname, port: endpoint.port };
    const req = request({
      ...target,
      path,
      method: 'GET',
      // Over a unix socket there is no host; the Docker CLI sends a placeholder too.
      headers: { host: endpoint.kind === 'unix' ? 'docker' : `${endpoint.hostname}:${endpoint.port}` },
      timeout: timeoutMs,
      // A connection per request, never one pooled by the global agent (keep-alive by default
      // since Node 19): a pooled socket the daemon has closed fails the next request with EPIPE.
      agent: false,
    });
    req.on('response', resolve);
    req.on('timeout', () => {
      req.destroy(
        new EvidentError(
          'unavailable',
          `Docker Engine at ${describeEndpoint(endpoint)} did not answer GET ${path} within ${timeoutMs} ms`,
        ),
      );
    });
    req.on('error', (error) => reject(connectionError(error, endpoint)));
    req.end();
  });
}

async function readBody(response: IncomingMessage, endpoint: DockerEndpoint, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy();
        throw new EvidentError(
          'payload_too_large',
          `Docker Engine answer to GET ${path} is larger than ${MAX_RESPONSE_BYTES} bytes`,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw connectionError(error, endpoint);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A failure to talk to the daemon, said so that the operator knows what to do: the socket missing
 * (Docker not running, or another path), permission denied on the socket (the `docker` group owns
 * it, Docker "Linux post-installation steps"), nothing listening.
 */
export function connectionError(error: unknown, endpoint: DockerEndpoint): EvidentError {
  if (error instanceof EvidentError) return error;
  const osCode = (error as { code?: unknown } | null)?.code;
  const where = describeEndpoint(endpoint);
  const details = { endpoint: where, osCode };
  if (endpoint.kind === 'unix') {
    const socket = endpoint.socketPath;
    if (osCode === 'ENOENT') {
      return new EvidentError(
        'unavailable',
        `Docker socket ${socket} does not exist: is Docker running on this host? Point elsewhere with --socket or DOCKER_HOST=unix:///path`,
        details,
      );
    }
    if (osCode === 'EACCES' || osCode === 'EPERM') {
      return new EvidentError(
        'unauthorized',
        `permission denied on the Docker socket ${socket}: run as a member of the "docker" group (sudo usermod -aG docker $USER, then log in again) or as root`,
        details,
      );
    }
    if (osCode === 'ECONNREFUSED') {
      return new EvidentError(
        'unavailable',
        `nothing answers on the Docker socket ${socket}: is the Docker daemon running?`,
        details,
      );
    }
  }
  return new EvidentError(
    'unavailable',
    `cannot reach the Docker Engine at ${where}: ${messageOf(error)}`,
    details,
  );
}

function codeOfStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429 || status >= 500) return 'unavailable';
  // Another 4xx: the daemon refused our request itself (an API it does not have, say).
  return 'internal';
}

/** The `message` of an Engine API error body, else the start of the body. */
function engineMessage(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
      return body.message;
    }
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return text.slice(0, 200).trim() || '(empty body)';
}
