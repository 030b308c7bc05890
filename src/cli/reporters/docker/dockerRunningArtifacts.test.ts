// The Docker reporter against a real HTTP server on a unix socket that answers like the Docker
// Engine API (fakeDockerEngine.ts), and against the failures an operator meets: no socket, a
// socket they may not open, a daemon on TCP, a daemon of another API version.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { mergeRunning } from '../reporterResult.ts';
import { dockerRunningArtifacts } from './dockerRunningArtifacts.ts';
import {
  containerSummary,
  hexOf,
  imageInspect,
  listen,
  startFakeDockerEngine,
  type FakeEngineState,
} from './fakeDockerEngine.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-docker-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let sockets = 0;
const newSocketPath = (): string => join(scratch, `docker${sockets++}.sock`);
const NO_ENV = {};

// Image IDs (config digests) and registry manifest digests, named for what they stand for.
const API_IMAGE = `sha256:${hexOf('config payments/api 1.4.2')}`;
const API_DIGEST = hexOf('manifest registry.example.com/payments/api 1.4.2');
const OLD_API_IMAGE = `sha256:${hexOf('config payments/api 1.4.1')}`;
const OLD_API_DIGEST = hexOf('manifest registry.example.com/payments/api 1.4.1');
const WEB_IMAGE = `sha256:${hexOf('config payments/web 2.0.0')}`;
const WEB_DIGEST = hexOf('manifest registry.example.com/payments/web 2.0.0');
const WEB_MIRROR_DIGEST = hexOf('manifest mirror.example.org/payments/web 2.0.0');
const NGINX_IMAGE = `sha256:${hexOf('config nginx 1.25')}`;
const NGINX_DIGEST = hexOf('index docker.io/library/nginx 1.25');
const LOCAL_IMAGE = `sha256:${hexOf('config payments-worker dev')}`;
const NULL_DIGESTS_IMAGE = `sha256:${hexOf('config payments-migrate')}`;
const REMOVED_IMAGE = `sha256:${hexOf('config payments/cron 0.9')}`;

const compose = (service: string, number: number) => ({ project: 'payments', service, number });

const HOST: FakeEngineState = {
  containers: [
    // Two replicas of one image: one artifact, two instances.
    containerSummary({
      name: 'payments-api-1',
      image: 'registry.example.com/payments/api:1.4.2',
      imageId: API_IMAGE,
      compose: compose('api', 1),
    }),
    containerSummary({
      name: 'payments-api-2',
      image: 'registry.example.com/payments/api:1.4.2',
      imageId: API_IMAGE,
      compose: compose('api', 2),
    }),
    // The same image created by digest: named so, the pinned digest is the fingerprint.
    containerSummary({
      name: 'api-canary',
      image: `registry.example.com/payments/api@sha256:${API_DIGEST}`,
      imageId: API_IMAGE,
    }),
    // The tag moved to a newer image since this container started: the daemon shows the image ID.
    containerSummary({ name: 'api-old', image: OLD_API_IMAGE, imageId: OLD_API_IMAGE }),
    // One image pulled from two registries: each container gets its own repository's digest.
    containerSummary({
      name: 'payments-web-1',
      image: 'registry.example.com/payments/web:2.0.0',
      imageId: WEB_IMAGE,
      compose: compose('web', 1),
    }),
    containerSummary({
      name: 'web-mirror',
      image: 'mirror.example.org/payments/web:2.0.0',
      imageId: WEB_IMAGE,
    }),
    // A Docker Hub short name; RepoDigests spell it "nginx@sha256:…".
    containerSummary({ name: 'proxy', image: 'nginx:1.25', imageId: NGINX_IMAGE }),
    // Built on the host, never pushed: no RepoDigests.
    containerSummary({ name: 'worker-1', image: 'payments-worker:dev', imageId: LOCAL_IMAGE }),
    containerSummary({ name: 'worker-2', image: 'payments-worker:dev', imageId: LOCAL_IMAGE }),
    containerSummary({ name: 'migrate', image: 'payments-migrate', imageId: NULL_DIGESTS_IMAGE }),
    // Its image was removed after it started: ImageInspect answers 404.
    containerSummary({
      name: 'cron',
      image: 'registry.example.com/payments/cron:0.9',
      imageId: REMOVED_IMAGE,
    }),
    // Not running: not reported.
    containerSummary({
      name: 'payments-api-0',
      image: 'registry.example.com/payments/api:1.4.0',
      imageId: OLD_API_IMAGE,
      state: 'exited',
    }),
  ],
  images: [
    imageInspect({
      id: API_IMAGE,
      repoTags: ['registry.example.com/payments/api:1.4.2'],
      repoDigests: [`registry.example.com/payments/api@sha256:${API_DIGEST}`],
    }),
    imageInspect({
      id: OLD_API_IMAGE,
      repoTags: [],
      repoDigests: [`registry.example.com/payments/api@sha256:${OLD_API_DIGEST}`],
    }),
    imageInspect({
      id: WEB_IMAGE,
      repoTags: ['mirror.example.org/payments/web:2.0.0', 'registry.example.com/payments/web:2.0.0'],
      // Docker keeps these sorted; the mirror's comes first, so "the first one" would be wrong.
      repoDigests: [
        `mirror.example.org/payments/web@sha256:${WEB_MIRROR_DIGEST}`,
        `registry.example.com/payments/web@sha256:${WEB_DIGEST}`,
      ],
    }),
    imageInspect({
      id: NGINX_IMAGE,
      repoTags: ['nginx:1.25'],
      repoDigests: [`nginx@sha256:${NGINX_DIGEST}`],
    }),
    imageInspect({ id: LOCAL_IMAGE, repoTags: ['payments-worker:dev'], repoDigests: [] }),
    imageInspect({ id: NULL_DIGESTS_IMAGE, repoTags: ['payments-migrate:latest'], repoDigests: null }),
  ],
};

describe('dockerRunningArtifacts', () => {
  it('reports registry digests per image reference, replicas as instances, and says what it skips', async () => {
    const socket = newSocketPath();
    const engine = await startFakeDockerEngine(HOST, socket);
    try {
      const result = await dockerRunningArtifacts({ socket, env: NO_ENV });
      // mergeRunning only sorts here: the order is by name, then fingerprint.
      assert.deepEqual(
        result.artifacts,
        mergeRunning([
          { name: 'docker.io/library/nginx:1.25', fingerprint: NGINX_DIGEST, instances: 1 },
          { name: 'mirror.example.org/payments/web:2.0.0', fingerprint: WEB_MIRROR_DIGEST, instances: 1 },
          { name: 'registry.example.com/payments/api:1.4.2', fingerprint: API_DIGEST, instances: 2 },
          {
            name: `registry.example.com/payments/api@sha256:${API_DIGEST}`,
            fingerprint: API_DIGEST,
            instances: 1,
          },
          {
            name: `registry.example.com/payments/api@sha256:${OLD_API_DIGEST}`,
            fingerprint: OLD_API_DIGEST,
            instances: 1,
          },
          { name: 'registry.example.com/payments/web:2.0.0', fingerprint: WEB_DIGEST, instances: 1 },
        ]),
      );
      assert.deepEqual(
        result.skipped.map((entry) => entry.name),
        [
          'docker.io/library/payments-migrate:latest',
          'docker.io/library/payments-worker:dev',
          'registry.example.com/payments/cron:0.9',
        ],
      );
      const [migrate, worker, cron] = result.skipped.map((entry) => entry.reason);
      assert.match(worker ?? '', /no registry digest.*config digest.*worker-1 .*worker-2 /);
      assert.match(migrate ?? '', /no registry digest/);
      assert.match(cron ?? '', /no longer on the host/);

      // One versioned ContainerList, one ImageInspect per image (not per container).
      assert.equal(engine.requests[0], '/version');
      assert.match(engine.requests[1] ?? '', /^\/v1\.44\/containers\/json\?filters=/);
      const inspected = engine.requests.filter((path) => path.includes('/images/'));
      assert.equal(inspected.length, 7);
      assert.equal(new Set(inspected).size, 7);
      assert.ok(inspected.every((path) => /^\/v1\.44\/images\/sha256:[a-f0-9]{64}\/json$/.test(path)));
    } finally {
      await engine.close();
    }
  });

  it('reads DOCKER_HOST: a unix socket, or a daemon on plain TCP', async () => {
    const socket = newSocketPath();
    const onSocket = await startFakeDockerEngine(HOST, socket);
    const onTcp = await startFakeDockerEngine(HOST);
    try {
      const viaUnix = await dockerRunningArtifacts({ env: { DOCKER_HOST: `unix://${socket}` } });
      const viaTcp = await dockerRunningArtifacts({ env: { DOCKER_HOST: `tcp://127.0.0.1:${onTcp.port}` } });
      assert.equal(viaUnix.artifacts.length, 6);
      assert.deepEqual(viaTcp, viaUnix);
      // The option wins over the environment.
      const viaOption = await dockerRunningArtifacts({
        host: `tcp://127.0.0.1:${onTcp.port}`,
        env: { DOCKER_HOST: 'unix:///nowhere/docker.sock' },
      });
      assert.deepEqual(viaOption, viaUnix);
    } finally {
      await onSocket.close();
      await onTcp.close();
    }
  });

  it('speaks the API version the daemon has: older daemons, and Docker 29 which refuses old clients', async () => {
    for (const [apiVersion, minApiVersion, expected] of [
      ['1.41', '1.12', '/v1.41/'], // Docker 20.10
      ['1.52', '1.44', '/v1.44/'], // Docker 29
      ['1.53', '1.47', '/v1.47/'], // a daemon that dropped 1.44 too
    ] as const) {
      const socket = newSocketPath();
      const engine = await startFakeDockerEngine({ ...HOST, apiVersion, minApiVersion }, socket);
      try {
        const result = await dockerRunningArtifacts({ socket, env: NO_ENV });
        assert.equal(result.artifacts.length, 6, apiVersion);
        assert.ok(
          engine.requests.slice(1).every((path) => path.startsWith(expected)),
          apiVersion,
        );
      } finally {
        await engine.close();
      }
    }
  });

  it('reports nothing, not an error, on a host with no running containers', async () => {
    const socket = newSocketPath();
    const engine = await startFakeDockerEngine({ containers: [], images: [] }, socket);
    try {
      assert.deepEqual(await dockerRunningArtifacts({ socket, env: NO_ENV }), { artifacts: [], skipped: [] });
    } finally {
      await engine.close();
    }
  });

  it('says the socket is missing, with its path and what to do', async () => {
    const socket = join(scratch, 'absent', 'docker.sock');
    await assert.rejects(dockerRunningArtifacts({ socket, env: NO_ENV }), (error: unknown) => {
      assert.ok(isEvidentError(error, 'unavailable'));
      assert.match(error.message, new RegExp(`${socket}.*DOCKER_HOST`));
      return true;
    });
  });

  // Root may open any socket whatever its mode (connect(2) checks write permission, which root
  // always has), so this can only be seen as another user; connectionError is tested for EACCES
  // directly in dockerEngineGet.test.ts.
  it(
    'says permission was denied on the socket, and how to get it',
    { skip: process.getuid?.() === 0 ? 'running as root: socket permissions do not apply' : false },
    async () => {
      const socket = newSocketPath();
      const engine = await startFakeDockerEngine(HOST, socket);
      chmodSync(socket, 0o000);
      try {
        await assert.rejects(dockerRunningArtifacts({ socket, env: NO_ENV }), (error: unknown) => {
          assert.ok(isEvidentError(error, 'unauthorized'));
          assert.match(error.message, /docker" group/);
          return true;
        });
      } finally {
        await engine.close();
      }
    },
  );

  it('refuses a daemon too old to report what runs, and a server that is no Docker Engine', async () => {
    const socket = newSocketPath();
    const ancient = await startFakeDockerEngine(
      { ...HOST, apiVersion: '1.22', minApiVersion: '1.12' },
      socket,
    );
    try {
      await assert.rejects(dockerRunningArtifacts({ socket, env: NO_ENV }), (error: unknown) =>
        isEvidentError(error, 'unavailable'),
      );
    } finally {
      await ancient.close();
    }
    const notDocker = await listen((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    }, socket);
    try {
      await assert.rejects(dockerRunningArtifacts({ socket, env: NO_ENV }), (error: unknown) => {
        assert.ok(isEvidentError(error, 'unavailable'));
        assert.match(error.message, /Not Found.*is it a Docker Engine\?/);
        return true;
      });
    } finally {
      await notDocker.close();
    }
  });
});
