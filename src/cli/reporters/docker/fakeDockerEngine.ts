import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';

/**
 * A stand-in Docker Engine for tests: a real HTTP server on a unix socket (or TCP) answering the
 * Engine API calls the reporter makes, with bodies shaped like those Docker 25 (API 1.44) returns.
 * It behaves like the daemon where it matters: versioned paths outside [MinAPIVersion, ApiVersion]
 * get Docker's 400, ContainerList honours the `status` filter, ImageInspect answers 404
 * `{"message":"No such image: …"}` for an unknown image.
 */
export interface FakeEngineState {
  readonly containers: readonly Record<string, unknown>[];
  readonly images: readonly Record<string, unknown>[];
  readonly apiVersion?: string;
  readonly minApiVersion?: string;
}

export interface TestServer {
  /** The TCP port, when listening on TCP. */
  readonly port: number | undefined;
  close(): Promise<void>;
}

export interface FakeDockerEngine extends TestServer {
  /** Every request path, in order. */
  readonly requests: string[];
}

/** An HTTP server on `socketPath`, or on 127.0.0.1 with a free port when it is undefined. */
export async function listen(listener: RequestListener, socketPath?: string): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (socketPath === undefined) server.listen(0, '127.0.0.1', resolve);
    else server.listen(socketPath, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : undefined,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function startFakeDockerEngine(
  state: FakeEngineState,
  socketPath?: string,
): Promise<FakeDockerEngine> {
  const requests: string[] = [];
  const server = await listen((req, res) => {
    requests.push(req.url ?? '');
    answer(state, req, res);
  }, socketPath);
  return { ...server, requests };
}

type Reply = readonly [status: number, body: unknown];

function answer(state: FakeEngineState, req: IncomingMessage, res: ServerResponse): void {
  const [status, body] = reply(state, req);
  res.writeHead(status, { 'content-type': 'application/json', server: 'Docker/25.0.3 (linux)' });
  res.end(`${JSON.stringify(body)}\n`);
}

function reply(state: FakeEngineState, req: IncomingMessage): Reply {
  const url = new URL(req.url ?? '/', 'http://docker');
  const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(url.pathname);
  const path = versioned?.[2] ?? url.pathname;
  const maximum = state.apiVersion ?? '1.44';
  const minimum = state.minApiVersion ?? '1.24';
  const version = versioned?.[1];
  if (version !== undefined && newer(version, maximum)) {
    return [
      400,
      { message: `client version ${version} is too new. Maximum supported API version is ${maximum}` },
    ];
  }
  if (version !== undefined && newer(minimum, version)) {
    return [
      400,
      {
        message: `client version ${version} is too old. Minimum supported API version is ${minimum}, please upgrade your client to a newer version`,
      },
    ];
  }
  if (req.method !== 'GET') return [405, { message: 'method not allowed' }];
  if (path === '/version') return [200, systemVersion(maximum, minimum)];
  if (path === '/containers/json') {
    const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { status?: string[] };
    const wanted = filters.status ?? ['running'];
    return [200, state.containers.filter((container) => wanted.includes(String(container.State)))];
  }
  const inspect = /^\/images\/(.+)\/json$/.exec(path);
  if (inspect?.[1] !== undefined) {
    const name = decodeURIComponent(inspect[1]);
    const image = state.images.find(
      (candidate) => candidate.Id === name || candidate.Id === `sha256:${name}`,
    );
    return image === undefined ? [404, { message: `No such image: ${name}` }] : [200, image];
  }
  return [404, { message: 'page not found' }];
}

function newer(a: string, b: string): boolean {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor > bMajor || (aMajor === bMajor && aMinor > bMinor);
}

/** A stable fake SHA-256 (hex) for a label, so fixtures read as what they stand for. */
export function hexOf(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

function systemVersion(apiVersion: string, minApiVersion: string): Record<string, unknown> {
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      {
        Name: 'Engine',
        Version: '25.0.3',
        Details: {
          ApiVersion: apiVersion,
          Arch: 'amd64',
          BuildTime: '2024-02-06T21:14:25.000000000+00:00',
          Experimental: 'false',
          GitCommit: 'f417435',
          GoVersion: 'go1.21.6',
          KernelVersion: '6.5.0-17-generic',
          MinAPIVersion: minApiVersion,
          Os: 'linux',
        },
      },
      {
        Name: 'containerd',
        Version: '1.6.28',
        Details: { GitCommit: 'ae07eda36dd25f8a1b98dfbf587313b99c0190bb' },
      },
      { Name: 'runc', Version: '1.1.12', Details: { GitCommit: 'v1.1.12-0-g51d5e94' } },
    ],
    Version: '25.0.3',
    ApiVersion: apiVersion,
    MinAPIVersion: minApiVersion,
    GitCommit: 'f417435',
    GoVersion: 'go1.21.6',
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: '6.5.0-17-generic',
    BuildTime: '2024-02-06T21:14:25.000000000+00:00',
  };
}

export interface ContainerFixture {
  /** Container name, without the leading "/". */
  readonly name: string;
  /** ContainerSummary `Image`. */
  readonly image: string;
  /** ContainerSummary `ImageID`, `sha256:<hex>`. */
  readonly imageId: string;
  readonly state?: 'running' | 'exited' | 'paused' | 'restarting' | 'created';
  /** Compose project and service, for the labels docker compose puts on its containers. */
  readonly compose?: { readonly project: string; readonly service: string; readonly number: number };
}

/** A ContainerSummary entry as `GET /containers/json` returns it, every field filled in. */
export function containerSummary(fixture: ContainerFixture): Record<string, unknown> {
  const id = hexOf(`container ${fixture.name}`);
  const network = fixture.compose === undefined ? 'bridge' : `${fixture.compose.project}_default`;
  const state = fixture.state ?? 'running';
  return {
    Id: id,
    Names: [`/${fixture.name}`],
    Image: fixture.image,
    ImageID: fixture.imageId,
    Command: 'docker-entrypoint.sh java -jar /app/app.jar',
    Created: 1763800000,
    Ports: [
      { IP: '0.0.0.0', PrivatePort: 8080, PublicPort: 32768, Type: 'tcp' },
      { IP: '::', PrivatePort: 8080, PublicPort: 32768, Type: 'tcp' },
      { PrivatePort: 9090, Type: 'tcp' },
    ],
    Labels:
      fixture.compose === undefined
        ? { 'org.opencontainers.image.source': 'https://github.com/example/payments' }
        : {
            'com.docker.compose.config-hash': hexOf(`config ${fixture.compose.service}`),
            'com.docker.compose.container-number': String(fixture.compose.number),
            'com.docker.compose.depends_on': '',
            'com.docker.compose.image': fixture.imageId,
            'com.docker.compose.oneoff': 'False',
            'com.docker.compose.project': fixture.compose.project,
            'com.docker.compose.project.config_files': `/srv/${fixture.compose.project}/compose.yaml`,
            'com.docker.compose.project.working_dir': `/srv/${fixture.compose.project}`,
            'com.docker.compose.service': fixture.compose.service,
            'com.docker.compose.version': '2.24.5',
          },
    State: state,
    Status: state === 'running' ? 'Up 3 hours (healthy)' : 'Exited (0) 2 days ago',
    HostConfig: { NetworkMode: network },
    NetworkSettings: {
      Networks: {
        [network]: {
          IPAMConfig: null,
          Links: null,
          Aliases: null,
          MacAddress: '02:42:ac:12:00:03',
          DriverOpts: null,
          NetworkID: hexOf(`network ${network}`),
          EndpointID: state === 'running' ? hexOf(`endpoint ${fixture.name}`) : '',
          Gateway: state === 'running' ? '172.18.0.1' : '',
          IPAddress: state === 'running' ? '172.18.0.3' : '',
          IPPrefixLen: state === 'running' ? 16 : 0,
          IPv6Gateway: '',
          GlobalIPv6Address: '',
          GlobalIPv6PrefixLen: 0,
          DNSNames: null,
        },
      },
    },
    Mounts: [
      {
        Type: 'volume',
        Name: `${fixture.compose?.project ?? 'app'}_data`,
        Source: `/var/lib/docker/volumes/${fixture.compose?.project ?? 'app'}_data/_data`,
        Destination: '/data',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
      {
        Type: 'bind',
        Source: '/etc/payments/config.yaml',
        Destination: '/app/config.yaml',
        Mode: 'ro',
        RW: false,
        Propagation: 'rprivate',
      },
    ],
  };
}

export interface ImageFixture {
  readonly id: string;
  readonly repoTags: readonly string[];
  /** `null` as some daemons send it (moby/moby#45556). */
  readonly repoDigests: readonly string[] | null;
}

/** An ImageInspect body as `GET /images/{name}/json` returns it. */
export function imageInspect(fixture: ImageFixture): Record<string, unknown> {
  return {
    Id: fixture.id,
    RepoTags: fixture.repoTags,
    RepoDigests: fixture.repoDigests,
    Parent: '',
    Comment: 'buildkit.dockerfile.v0',
    Created: '2026-11-20T10:12:33.123456789Z',
    DockerVersion: '',
    Author: '',
    Config: {
      Hostname: '',
      Domainname: '',
      User: 'app',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: { '8080/tcp': {}, '9090/tcp': {} },
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'JAVA_VERSION=21.0.2'],
      Cmd: ['java', '-jar', '/app/app.jar'],
      ArgsEscaped: true,
      Image: '',
      Volumes: { '/data': {} },
      WorkingDir: '/app',
      Entrypoint: ['docker-entrypoint.sh'],
      OnBuild: null,
      Labels: { 'org.opencontainers.image.source': 'https://github.com/example/payments' },
    },
    Architecture: 'amd64',
    Os: 'linux',
    Size: 312345678,
    GraphDriver: {
      Data: {
        LowerDir: `/var/lib/docker/overlay2/${hexOf(`lower ${fixture.id}`)}/diff`,
        MergedDir: `/var/lib/docker/overlay2/${hexOf(`upper ${fixture.id}`)}/merged`,
        UpperDir: `/var/lib/docker/overlay2/${hexOf(`upper ${fixture.id}`)}/diff`,
        WorkDir: `/var/lib/docker/overlay2/${hexOf(`upper ${fixture.id}`)}/work`,
      },
      Name: 'overlay2',
    },
    RootFS: {
      Type: 'layers',
      Layers: [`sha256:${hexOf(`layer 1 ${fixture.id}`)}`, `sha256:${hexOf(`layer 2 ${fixture.id}`)}`],
    },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}
