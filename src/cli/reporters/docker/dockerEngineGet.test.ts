// Talking to the Engine API: how each way of failing is reported.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError, type ErrorCode } from '../../../core/errors.ts';
import { connectionError, dockerEngineGet } from './dockerEngineGet.ts';
import type { DockerEndpoint } from './dockerEndpoint.ts';
import { listen, type TestServer } from './fakeDockerEngine.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-engine-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let sockets = 0;

async function serve(listener: RequestListener): Promise<{ endpoint: DockerEndpoint; server: TestServer }> {
  const socketPath = join(scratch, `engine${sockets++}.sock`);
  return { endpoint: { kind: 'unix', socketPath }, server: await listen(listener, socketPath) };
}

const failsWith = (code: ErrorCode, message: RegExp) => (error: unknown) => {
  assert.ok(isEvidentError(error, code), String(error));
  assert.match(error.message, message);
  return true;
};

describe('dockerEngineGet', () => {
  it('returns the parsed JSON of a 2xx answer', async () => {
    const { endpoint, server } = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, host: req.headers.host }));
    });
    try {
      assert.deepEqual(await dockerEngineGet(endpoint, '/v1.44/containers/json'), {
        path: '/v1.44/containers/json',
        host: 'docker',
      });
    } finally {
      await server.close();
    }
  });

  it("passes the daemon's message on, with a code for the status", async () => {
    const statuses = new Map<string, number>([
      ['/missing', 404],
      ['/broken', 500],
      ['/denied', 403],
      ['/odd', 400],
    ]);
    const { endpoint, server } = await serve((req, res) => {
      res.writeHead(statuses.get(req.url ?? '') ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `engine says no to ${req.url}` }));
    });
    try {
      for (const [path, code] of [
        ['/missing', 'not_found'],
        ['/broken', 'unavailable'],
        ['/denied', 'forbidden'],
        ['/odd', 'internal'],
      ] as const) {
        await assert.rejects(
          dockerEngineGet(endpoint, path),
          failsWith(code, new RegExp(`engine says no to ${path}`)),
        );
      }
    } finally {
      await server.close();
    }
  });

  it('refuses an answer that is not JSON', async () => {
    const { endpoint, server } = await serve((_req, res) => res.end('<html>hello</html>'));
    try {
      await assert.rejects(
        dockerEngineGet(endpoint, '/version'),
        failsWith('unavailable', /not JSON|other than JSON/),
      );
    } finally {
      await server.close();
    }
  });

  it('gives up on a daemon that does not answer', async () => {
    const { endpoint, server } = await serve(() => {
      // Never answers.
    });
    try {
      await assert.rejects(
        dockerEngineGet(endpoint, '/version', { timeoutMs: 50 }),
        failsWith('unavailable', /did not answer GET \/version within 50 ms/),
      );
    } finally {
      await server.close();
    }
  });

  it('says nothing listens on a socket file without a daemon', async () => {
    const socketPath = join(scratch, 'stale.sock');
    writeFileSync(socketPath, '');
    await assert.rejects(
      dockerEngineGet({ kind: 'unix', socketPath }, '/version'),
      failsWith('unavailable', /nothing answers on the Docker socket .*stale\.sock/),
    );
  });

  it('says a TCP daemon cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const gone = await listen(() => undefined);
    await gone.close();
    const port = gone.port ?? 0;
    await assert.rejects(
      dockerEngineGet({ kind: 'tcp', hostname: '127.0.0.1', port }, '/version'),
      failsWith('unavailable', new RegExp(`tcp://127\\.0\\.0\\.1:${port}`)),
    );
  });
});

describe('connectionError', () => {
  // The real EACCES is tested as a non-root user in dockerRunningArtifacts.test.ts; as root (CI
  // containers) it cannot happen, so the mapping itself is checked here.
  it('turns permission denied on the socket into unauthorized, with the docker group hint', () => {
    const denied = Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' });
    const error = connectionError(denied, { kind: 'unix', socketPath: '/var/run/docker.sock' });
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /\/var\/run\/docker\.sock.*"docker" group/);
  });

  it('names the missing socket and how to point elsewhere', () => {
    const missing = Object.assign(new Error('connect ENOENT /run/docker.sock'), { code: 'ENOENT' });
    const error = connectionError(missing, { kind: 'unix', socketPath: '/run/docker.sock' });
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /\/run\/docker\.sock does not exist.*DOCKER_HOST/);
  });
});
