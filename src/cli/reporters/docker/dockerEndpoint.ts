import { EvidentError } from '../../../core/errors.ts';

/**
 * Where the Docker Engine API listens. The daemon serves it on a unix socket,
 * `/var/run/docker.sock` by default, and optionally on TCP (dockerd(8) `-H`, Docker Engine API
 * reference "the daemon listens on unix:///var/run/docker.sock but you can bind Docker to another
 * host/port or a Unix socket").
 */
export type DockerEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly hostname: string; readonly port: number };

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
/** The daemon's conventional unencrypted TCP port (dockerd(8): 2375 plain, 2376 TLS). */
const DEFAULT_TCP_PORT = 2375;

export interface DockerEndpointOptions {
  /** A unix socket path; wins over everything else. */
  readonly socket?: string;
  /** `unix:///path` or `tcp://host[:port]`, as in DOCKER_HOST; wins over the environment. */
  readonly host?: string;
}

/**
 * The endpoint to talk to: `socket`, else `host`, else `DOCKER_HOST`, else the default socket.
 * Only plain HTTP is spoken: `ssh://`, `npipe://` and TLS (`DOCKER_TLS_VERIFY`) are refused with a
 * clear error rather than half-supported. Docker CLI contexts are not read; pass their host.
 */
export function dockerEndpoint(
  options: DockerEndpointOptions,
  env: Readonly<Record<string, string | undefined>>,
): DockerEndpoint {
  if (options.socket !== undefined && options.socket !== '') return unixEndpoint(options.socket);
  const host = options.host ?? env.DOCKER_HOST;
  if (host === undefined || host === '') return unixEndpoint(DEFAULT_DOCKER_SOCKET);
  if (host.startsWith('unix://')) return unixEndpoint(host.slice('unix://'.length));
  if (!host.startsWith('tcp://')) {
    throw new EvidentError(
      'bad_request',
      `Docker host ${JSON.stringify(host)} is not supported: use unix:///path/to/docker.sock or tcp://host:port`,
      { host },
    );
  }
  // The Docker CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY; plain HTTP to a TLS port
  // would only fail with a confusing "client sent an HTTP request to an HTTPS server".
  if ((env.DOCKER_TLS_VERIFY ?? '') !== '') {
    throw new EvidentError(
      'bad_request',
      'DOCKER_TLS_VERIFY is set, but TLS to the Docker Engine is not supported: use the unix socket or a plain tcp:// endpoint',
    );
  }
  return tcpEndpoint(host);
}

/** How an endpoint is written in messages: the DOCKER_HOST form. */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  if (endpoint.kind === 'unix') return `unix://${endpoint.socketPath}`;
  const hostname = endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname;
  return `tcp://${hostname}:${endpoint.port}`;
}

function unixEndpoint(socketPath: string): DockerEndpoint {
  if (!socketPath.startsWith('/')) {
    throw new EvidentError(
      'bad_request',
      `Docker socket path ${JSON.stringify(socketPath)} must be absolute (unix:///path)`,
    );
  }
  return { kind: 'unix', socketPath };
}

function tcpEndpoint(host: string): DockerEndpoint {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new EvidentError(
      'bad_request',
      `Docker host ${JSON.stringify(host)} is not a valid tcp://host:port`,
    );
  }
  if (url.hostname === '' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '') {
    throw new EvidentError('bad_request', `Docker host ${JSON.stringify(host)} must be tcp://host:port`);
  }
  return {
    kind: 'tcp',
    // URL keeps an IPv6 literal in brackets; node:http wants it bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? DEFAULT_TCP_PORT : Number(url.port),
  };
}
