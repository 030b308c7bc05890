import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { describeEndpoint, dockerEndpoint } from './dockerEndpoint.ts';

const refused = (error: unknown) => isEvidentError(error, 'bad_request');

describe('dockerEndpoint', () => {
  it('prefers --socket, then --host, then DOCKER_HOST, then /var/run/docker.sock', () => {
    const env = { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' };
    assert.deepEqual(dockerEndpoint({ socket: '/srv/docker.sock', host: 'tcp://h:1' }, env), {
      kind: 'unix',
      socketPath: '/srv/docker.sock',
    });
    assert.deepEqual(dockerEndpoint({ host: 'tcp://docker.internal:2375' }, env), {
      kind: 'tcp',
      hostname: 'docker.internal',
      port: 2375,
    });
    assert.deepEqual(dockerEndpoint({}, env), { kind: 'unix', socketPath: '/run/user/1000/docker.sock' });
    assert.deepEqual(dockerEndpoint({}, {}), { kind: 'unix', socketPath: '/var/run/docker.sock' });
  });

  it('reads tcp:// hosts with the default plain port and IPv6 literals', () => {
    assert.deepEqual(dockerEndpoint({ host: 'tcp://10.0.0.5' }, {}), {
      kind: 'tcp',
      hostname: '10.0.0.5',
      port: 2375,
    });
    const ipv6 = dockerEndpoint({ host: 'tcp://[::1]:2375' }, {});
    assert.deepEqual(ipv6, { kind: 'tcp', hostname: '::1', port: 2375 });
    assert.equal(describeEndpoint(ipv6), 'tcp://[::1]:2375');
  });

  it('refuses what it cannot speak, rather than half-speaking it', () => {
    for (const host of [
      'ssh://me@host',
      'npipe:////./pipe/docker_engine',
      'tcp://host:2375/path',
      'unix://relative.sock',
    ]) {
      assert.throws(() => dockerEndpoint({ host }, {}), refused, host);
    }
    assert.throws(
      () => dockerEndpoint({}, { DOCKER_HOST: 'tcp://host:2376', DOCKER_TLS_VERIFY: '1' }),
      refused,
    );
  });
});
