// The counting rules of podArtifacts.ts on pod objects directly (no API server): the imageID forms of
// each container runtime, and the container states the cluster fixture of the API tests does not hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imageDigestOf, podsToResult } from './podArtifacts.ts';
import {
  CLUSTER,
  CLUSTER_ARTIFACTS,
  CLUSTER_SKIPPED,
  digest,
  notReadyConditions,
  pod,
  readyConditions,
  type ContainerFixture,
} from './pods.testdata.ts';

const HEX = digest('nginx:1.27.3');

describe('imageDigestOf', () => {
  test('registry digests in the forms runtimes report', () => {
    for (const imageID of [
      `docker.io/library/nginx@sha256:${HEX}`, // containerd, CRI-O
      `docker-pullable://nginx@sha256:${HEX}`, // Docker (dockershim, cri-dockerd), short name
      `docker-pullable://registry.example.com:5000/team/nginx@sha256:${HEX}`, // with a port
      `ghcr.io/acme/api@sha256:${HEX}`,
    ]) {
      assert.deepEqual(imageDigestOf(imageID), { kind: 'registry', sha256: HEX }, imageID);
    }
  });

  test('a bare image ID (config digest) is told apart from a registry digest', () => {
    assert.deepEqual(imageDigestOf(`sha256:${HEX}`), { kind: 'image-id', id: `sha256:${HEX}` });
    assert.deepEqual(imageDigestOf(`docker://sha256:${HEX}`), { kind: 'image-id', id: `sha256:${HEX}` });
  });

  test('no digest yet, and forms that hold none', () => {
    assert.deepEqual(imageDigestOf(''), { kind: 'none' });
    for (const text of [
      'nginx:1.27.3',
      `docker.io/library/nginx@sha512:${HEX}${HEX}`,
      `docker.io/library/nginx@sha256:${HEX.toUpperCase()}`,
      `docker.io/library/nginx@sha256:${HEX.slice(1)}`,
      `@sha256:${HEX}`,
    ]) {
      assert.equal(imageDigestOf(text).kind, 'unrecognised', text);
    }
  });
});

const AT = '2026-03-02T09:00:00Z';
const nginx = (
  state: ContainerFixture['state'],
  extra: Partial<ContainerFixture> = {},
): ContainerFixture => ({
  name: 'web',
  image: 'nginx:1.27.3',
  statusImage: 'docker.io/library/nginx:1.27.3',
  imageID: `docker.io/library/nginx@sha256:${HEX}`,
  state,
  ready: state.running !== undefined,
  ...extra,
});
const running = { running: { startedAt: AT } };

describe('podsToResult', () => {
  test('the fixture cluster: every rule at once', () => {
    const result = podsToResult(CLUSTER);
    assert.deepEqual(result.artifacts, CLUSTER_ARTIFACTS);
    assert.deepEqual(result.skipped, CLUSTER_SKIPPED);
  });

  test('named by the spec image, not the status image', () => {
    const result = podsToResult([
      pod({
        namespace: 'web',
        name: 'web-0',
        labels: {},
        nodeName: 'n1',
        phase: 'Running',
        conditions: readyConditions(AT),
        containers: [nginx(running)],
        created: AT,
      }),
    ]);
    assert.deepEqual(result.artifacts, [{ name: 'nginx:1.27.3', fingerprint: HEX, instances: 1 }]);
  });

  test('a Failed pod is ignored like a Succeeded one, even with a container that looks alive', () => {
    const failed = pod({
      namespace: 'web',
      name: 'web-evicted',
      labels: {},
      nodeName: 'n1',
      phase: 'Failed',
      conditions: [],
      containers: [nginx(running)],
      created: AT,
    });
    assert.deepEqual(podsToResult([failed]), { artifacts: [], skipped: [] });
  });

  test('a terminated container of a running pod does not count; its running neighbour does', () => {
    const result = podsToResult([
      pod({
        namespace: 'web',
        name: 'web-1',
        labels: {},
        nodeName: 'n1',
        phase: 'Running',
        restartPolicy: 'Never',
        conditions: notReadyConditions(AT, ['setup']),
        containers: [
          nginx(running),
          nginx(
            { terminated: { exitCode: 0, reason: 'Completed', startedAt: AT, finishedAt: AT } },
            {
              name: 'setup',
              image: 'alpine:3.20',
              imageID: `docker.io/library/alpine@sha256:${digest('alpine')}`,
            },
          ),
        ],
        created: AT,
      }),
    ]);
    assert.deepEqual(result, {
      artifacts: [{ name: 'nginx:1.27.3', fingerprint: HEX, instances: 1 }],
      skipped: [],
    });
  });

  test('a regular init container counts while it runs; the app container waiting for it is skipped', () => {
    const result = podsToResult([
      pod({
        namespace: 'web',
        name: 'web-2',
        labels: {},
        nodeName: 'n1',
        phase: 'Pending',
        conditions: notReadyConditions(AT, ['web']),
        init: [
          nginx(running, {
            name: 'migrate',
            image: 'ghcr.io/acme/migrate:7',
            imageID: `ghcr.io/acme/migrate@sha256:${digest('migrate')}`,
          }),
        ],
        containers: [nginx({ waiting: { reason: 'PodInitializing' } }, { imageID: '' })],
        created: AT,
      }),
    ]);
    assert.deepEqual(result, {
      artifacts: [{ name: 'ghcr.io/acme/migrate:7', fingerprint: digest('migrate'), instances: 1 }],
      skipped: [
        {
          name: 'nginx:1.27.3',
          reason: 'pod web/web-2 (container web) has no image digest yet: PodInitializing',
        },
      ],
    });
  });

  test('odd statuses: running without a digest, an unknown imageID form, a waiting container with a digest', () => {
    const result = podsToResult([
      pod({
        namespace: 'web',
        name: 'web-3',
        labels: {},
        nodeName: 'n1',
        phase: 'Running',
        conditions: notReadyConditions(AT, ['c']),
        containers: [
          nginx(running, { name: 'a', image: 'a:1', imageID: '' }),
          nginx(running, { name: 'b', image: 'b:1', imageID: `b@sha512:${HEX}${HEX}` }),
          nginx(
            { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } },
            {
              name: 'c',
              image: 'c:1',
            },
          ),
        ],
        created: AT,
      }),
    ]);
    assert.deepEqual(result.artifacts, []);
    assert.deepEqual(result.skipped, [
      { name: 'a:1', reason: 'pod web/web-3 (container a) is running but reports no image digest' },
      {
        name: 'b:1',
        reason: `pod web/web-3 (container b) reports imageID "b@sha512:${HEX}${HEX}", which holds no sha256 registry digest`,
      },
      {
        name: 'c:1',
        reason:
          'pod web/web-3 (container c) is not running yet: CreateContainerConfigError (secret "db" not found)',
      },
    ]);
  });

  test('a scheduled pod that no kubelet has reported on yet', () => {
    const result = podsToResult([
      pod({
        namespace: 'web',
        name: 'web-4',
        labels: {},
        nodeName: 'n1',
        phase: 'Pending',
        conditions: [],
        containers: [nginx(running)],
        hasStatuses: false,
        created: AT,
      }),
    ]);
    assert.deepEqual(result.skipped, [
      {
        name: 'nginx:1.27.3',
        reason:
          'pod web/web-4 (container web) has no image digest yet: no container status yet (pod Pending)',
      },
    ]);
  });
});
