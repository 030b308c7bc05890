// A manifest digest from a real registry on 127.0.0.1 (Debian's docker-registry, the CNCF
// distribution registry), with an image pushed by skopeo from an OCI layout built here (issue #4).
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { freePort } from '../../test/support/postgres.ts';
import { ociImageDigest } from './ociDigest.ts';
import { parseImageReference, registryDigest } from './registryDigest.ts';

const tools = ['/usr/bin/docker-registry', '/usr/bin/skopeo'];
const missing = tools.filter((t) => !existsSync(t));
if (missing.length > 0 && process.env.CI === 'true')
  throw new Error(`CI needs ${missing.join(', ')} (apt-get install docker-registry skopeo)`);
if (missing.length > 0)
  console.warn(`\n*** ${missing.join(', ')} not installed: registry tests are SKIPPED ***\n`);
const skip = missing.length > 0 ? 'docker-registry or skopeo is not installed' : false;

const dir = mkdtempSync(join(tmpdir(), 'evident-registry-'));
let registry: ChildProcess | undefined;
let port = 0;
const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Writes a blob into an OCI layout (image-spec "Image Layout") and returns its descriptor. */
function blob(layout: string, mediaType: string, bytes: Buffer) {
  const digest = sha(bytes);
  writeFileSync(join(layout, 'blobs', 'sha256', digest), bytes);
  return { mediaType, digest: `sha256:${digest}`, size: bytes.length };
}

before(async () => {
  if (skip !== false) return;
  port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'store')}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  registry = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('docker-registry did not start');
});

after(() => {
  registry?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test(
  'the digest of an image pushed to a real registry equals the manifest digest of its layout',
  { skip },
  async () => {
    const layout = join(dir, 'layout');
    mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(dir, 'hello.txt'), 'hello from the build\n');
    execFileSync('tar', ['-czf', join(dir, 'layer.tar.gz'), '-C', dir, 'hello.txt']);
    const layerGz = readFileSync(join(dir, 'layer.tar.gz'));
    const diffId = `sha256:${sha(execFileSync('gzip', ['-dc', join(dir, 'layer.tar.gz')]))}`;
    const config = blob(
      layout,
      'application/vnd.oci.image.config.v1+json',
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [diffId] },
        }),
      ),
    );
    const layer = blob(layout, 'application/vnd.oci.image.layer.v1.tar+gzip', layerGz);
    const manifest = blob(
      layout,
      'application/vnd.oci.image.manifest.v1+json',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config,
          layers: [layer],
        }),
      ),
    );
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'v1' } }],
      }),
    );
    const image = `127.0.0.1:${port}/evident/app:v1`;
    execFileSync(
      '/usr/bin/skopeo',
      ['copy', '--preserve-digests', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${image}`],
      {
        stdio: 'pipe',
      },
    );

    const fromRegistry = await registryDigest(image);
    assert.equal(`sha256:${fromRegistry}`, manifest.digest);
    assert.equal(
      (await ociImageDigest(layout)).sha256,
      fromRegistry,
      'the same digest from the layout on disk',
    );
    const inspected = execFileSync('/usr/bin/skopeo', [
      'inspect',
      '--tls-verify=false',
      '--format',
      '{{.Digest}}',
      `docker://${image}`,
    ])
      .toString()
      .trim();
    assert.equal(inspected, manifest.digest, 'and as skopeo sees it');
    assert.equal(await registryDigest(`127.0.0.1:${port}/evident/app@${manifest.digest}`), fromRegistry);
    await assert.rejects(registryDigest(`127.0.0.1:${port}/evident/app:nope`), (e) =>
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
