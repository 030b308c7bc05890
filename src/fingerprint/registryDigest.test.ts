// A manifest digest from a real registry on 127.0.0.1 (Debian's docker-registry, the CNCF
// distribution registry), with an image pushed by skopeo from an OCI layout built here (issue #4).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import {
  buildOciLayout,
  DOCKER_REGISTRY,
  pushLayout,
  skipUnlessInstalled,
  skopeo,
  startRegistry,
  SKOPEO,
  type RunningRegistry,
} from '../../test/support/registry.ts';
import { ociImageDigest } from './ociDigest.ts';
import { parseImageReference, registryDigest } from './registryDigest.ts';

const skip = skipUnlessInstalled([DOCKER_REGISTRY, SKOPEO], 'apt-get install docker-registry skopeo');

const dir = mkdtempSync(join(tmpdir(), 'evident-registry-'));
let registry: RunningRegistry | undefined;

before(async () => {
  if (skip !== false) return;
  registry = await startRegistry(dir);
});

after(() => {
  registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'the digest of an image pushed to a real registry equals the manifest digest of its layout',
  { skip },
  async () => {
    assert.ok(registry);
    const layout = buildOciLayout(dir, 'v1');
    const image = `${registry.host}/evident/app:v1`;
    await pushLayout(layout, image);

    const fromRegistry = await registryDigest(image);
    assert.equal(`sha256:${fromRegistry}`, layout.manifestDigest);
    assert.equal(
      (await ociImageDigest(layout.path)).sha256,
      fromRegistry,
      'the same digest from the layout on disk',
    );
    const inspected = await skopeo([
      'inspect',
      '--tls-verify=false',
      '--format',
      '{{.Digest}}',
      `docker://${image}`,
    ]);
    assert.equal(inspected, layout.manifestDigest, 'and as skopeo sees it');
    assert.equal(await registryDigest(`${registry.host}/evident/app@${layout.manifestDigest}`), fromRegistry);
    await assert.rejects(registryDigest(`${registry.host}/evident/app:nope`), (e) =>
      isEvidentError(e, 'not_found'),
    );
  },
);

test('image references are parsed strictly', () => {
  assert.deepEqual(parseImageReference('registry.example.com:5000/team/app:1.2'), {
    registry: 'registry.example.com:5000',
    repository: 'team/app',
    reference: '1.2',
  });
  assert.equal(parseImageReference('ghcr.io/acme/api').reference, 'latest');
  assert.equal(
    parseImageReference(`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`).reference,
    `sha256:${'a'.repeat(64)}`,
  );
  for (const bad of ['alpine', 'ghcr.io/Acme/API', 'ghcr.io/acme//api']) {
    assert.throws(
      () => parseImageReference(bad),
      (e) => isEvidentError(e, 'bad_request'),
      bad,
    );
  }
});
