// Which registry digest a container runs: the docker-pullable cases Kubernetes' dockershim got
// wrong (first RepoDigest, image ID fallback) and the ways Docker records the image reference.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chooseRegistryDigest } from './chooseRegistryDigest.ts';
import { hexOf } from './fakeDockerEngine.ts';

const IMAGE_ID = `sha256:${hexOf('config')}`;
const A = hexOf('manifest a');
const B = hexOf('manifest b');

describe('chooseRegistryDigest', () => {
  it("takes the digest of the container's own repository, not the first one listed", () => {
    const digests = [`mirror.example.org/app@sha256:${A}`, `registry.example.com/app@sha256:${B}`];
    assert.deepEqual(chooseRegistryDigest('registry.example.com/app:1', IMAGE_ID, digests), {
      name: 'registry.example.com/app:1',
      fingerprint: B,
    });
    assert.deepEqual(chooseRegistryDigest('mirror.example.org/app:1', IMAGE_ID, digests), {
      name: 'mirror.example.org/app:1',
      fingerprint: A,
    });
  });

  it('matches Docker Hub short names against the canonical repository', () => {
    assert.deepEqual(chooseRegistryDigest('nginx', IMAGE_ID, [`nginx@sha256:${A}`]), {
      name: 'docker.io/library/nginx:latest',
      fingerprint: A,
    });
    assert.deepEqual(chooseRegistryDigest('docker.io/library/nginx:1.25', IMAGE_ID, [`nginx@sha256:${A}`]), {
      name: 'docker.io/library/nginx:1.25',
      fingerprint: A,
    });
  });

  it('uses the digest a container was created by, even when the image is gone', () => {
    const pinned = `registry.example.com/app:1@sha256:${A}`;
    assert.deepEqual(chooseRegistryDigest(pinned, IMAGE_ID, [`registry.example.com/app@sha256:${B}`]), {
      name: pinned,
      fingerprint: A,
    });
    assert.deepEqual(
      chooseRegistryDigest(`registry.example.com/app@sha256:${A}`, IMAGE_ID, 'image-removed'),
      {
        name: `registry.example.com/app@sha256:${A}`,
        fingerprint: A,
      },
    );
  });

  it('names a container shown by image ID after its repository digest', () => {
    const digests = [`registry.example.com/app@sha256:${A}`];
    for (const written of [IMAGE_ID, IMAGE_ID.slice('sha256:'.length, 'sha256:'.length + 12)]) {
      assert.deepEqual(chooseRegistryDigest(written, IMAGE_ID, digests), {
        name: `registry.example.com/app@sha256:${A}`,
        fingerprint: A,
      });
    }
  });

  it('accepts a local retag when all the digests of the image agree, and only then', () => {
    assert.deepEqual(chooseRegistryDigest('app:prod', IMAGE_ID, [`registry.example.com/app@sha256:${A}`]), {
      name: 'docker.io/library/app:prod',
      fingerprint: A,
    });
    const split = chooseRegistryDigest('app:prod', IMAGE_ID, [
      `registry.example.com/app@sha256:${A}`,
      `mirror.example.org/app@sha256:${B}`,
    ]);
    assert.ok('reason' in split);
    assert.match(split.reason, /several registry digests/);
  });

  it('never falls back to the image ID: no RepoDigests, or an image removed, is skipped with the reason', () => {
    const local = chooseRegistryDigest('app:dev', IMAGE_ID, []);
    assert.ok('reason' in local);
    assert.equal(local.name, 'docker.io/library/app:dev');
    assert.match(local.reason, /no registry digest.*config digest/);
    const removed = chooseRegistryDigest('registry.example.com/app:1', IMAGE_ID, 'image-removed');
    assert.ok('reason' in removed);
    assert.match(removed.reason, /no longer on the host/);
    // RepoDigests with other algorithms or garbage count as none.
    const odd = chooseRegistryDigest('app:dev', IMAGE_ID, [`app@sha512:${A}${A}`, 'not a digest']);
    assert.ok('reason' in odd);
  });
});
