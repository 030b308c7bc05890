// Docker's reference normalisation (github.com/distribution/reference normalize.go), with the
// examples of its own tests and of the Engine API ContainerSummary `Image` description.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { canonicalReference, parseDockerReference } from './dockerReference.ts';

const DIGEST = 'sha256:72297848456d5d37d1262630108ab308d3e9ec7ed1c3286a32fe09856619a782';

describe('parseDockerReference', () => {
  it('normalises Docker Hub names to docker.io and library/', () => {
    for (const written of [
      'ubuntu',
      'library/ubuntu',
      'docker.io/ubuntu',
      'docker.io/library/ubuntu',
      'index.docker.io/ubuntu',
    ]) {
      assert.equal(parseDockerReference(written)?.repository, 'docker.io/library/ubuntu', written);
    }
    assert.equal(parseDockerReference('bitnami/redis:7.2')?.repository, 'docker.io/bitnami/redis');
  });

  it('takes a first component with "." or ":" or "localhost" as the registry', () => {
    assert.deepEqual(parseDockerReference('localhost:5000/app'), {
      repository: 'localhost:5000/app',
      tag: undefined,
      digest: undefined,
    });
    assert.deepEqual(parseDockerReference('localhost/app:1'), {
      repository: 'localhost/app',
      tag: '1',
      digest: undefined,
    });
    assert.deepEqual(parseDockerReference(`registry.example.com:5000/team/app:1.4.2@${DIGEST}`), {
      repository: 'registry.example.com:5000/team/app',
      tag: '1.4.2',
      digest: DIGEST,
    });
    assert.equal(parseDockerReference('[::1]:5000/app')?.repository, '[::1]:5000/app');
  });

  it('is not fooled by image IDs and other non-references', () => {
    for (const text of ['', 'Ubuntu', 'app:', 'app@sha256', 'a//b', 'app:tag with space', '-app']) {
      assert.equal(parseDockerReference(text), undefined, JSON.stringify(text));
    }
  });
});

describe('canonicalReference', () => {
  it('is the form containerd and Kubernetes print: latest when untagged, digest kept', () => {
    const canonical = (text: string): string => canonicalReference(parseDockerReference(text)!);
    assert.equal(canonical('ubuntu'), 'docker.io/library/ubuntu:latest');
    assert.equal(canonical('ubuntu:22.04'), 'docker.io/library/ubuntu:22.04');
    assert.equal(canonical(`ubuntu@${DIGEST}`), `docker.io/library/ubuntu@${DIGEST}`);
    assert.equal(canonical(`ubuntu:22.04@${DIGEST}`), `docker.io/library/ubuntu:22.04@${DIGEST}`);
    assert.equal(
      canonical('registry.example.com/payments/api:1.4.2'),
      'registry.example.com/payments/api:1.4.2',
    );
  });
});
