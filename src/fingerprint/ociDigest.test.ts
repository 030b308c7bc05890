// OCI image digests from a real image layout: the files of /work/shared/samples/oci (one
// `cosign save` layout of a Docker BuildKit image; see test/samples README "OCI"), laid out again
// as blobs/sha256/<digest> in a temporary directory, and tarred with the system GNU tar.
// docker save archives are built here file by file after moby/moby image/tarexport/save.go (no
// Docker daemon on the test machine): Docker 25+ classic store, containerd store, and pre-25.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { ociDigestFromArchive, ociDigestFromLayout, ociImageDigest } from './ociDigest.ts';

const SAMPLES = '/work/shared/samples';
const sample = (name: string): Buffer => readFileSync(join(SAMPLES, name));
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

// Digests from the samples README checksum table; the blobs are named by them.
const INDEX = '234e2c830c2fb31ac5671789d22adfe44d30c3ee831d01beae5e237841a13122';
const MANIFEST = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
const CONFIG = '533ae3a04dfa4bc6818f734589a6d80816ab8f6f24f5dabce5a05f1df10ebb92';
const ATTESTATION = 'a79645dc6fd76a0db9c9c04f5ba722ecb7d1fa8cdfc1d848d931d884cbab02ea';
const INTOTO = '8d63b5e440cc7cfa68622b4a3cae2dbe215f8f8dcc9f2fa4ffd3078d40d61a84';
const COSIGN_ATTS = '21454caf3a160dfbe6359f0501aa8401c6c0f2c7a8b71380ea21f8c4b48b64fe'; // not in the samples

const BLOBS: Record<string, string> = {
  [INDEX]: 'oci/image-index-with-attestation-manifest.json',
  [MANIFEST]: 'oci/image-manifest-linux-amd64.json',
  [CONFIG]: 'oci/image-config-linux-amd64.json',
  [ATTESTATION]: 'oci/attestation-manifest-in-toto-layer.json',
  [INTOTO]: 'intoto/buildkit-slsa-provenance-v0.2-statement.json',
};
const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
};

const scratch = mkdtempSync(join(tmpdir(), 'evident-oci-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;

type Tree = Record<string, Buffer | string | { symlink: string }>;

function writeTree(tree: Tree): string {
  const root = join(scratch, `d${dirs++}`);
  mkdirSync(root);
  for (const [name, content] of Object.entries(tree)) {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.symlink, path);
    else writeFileSync(path, content);
  }
  return root;
}

/** The sample layout: oci-layout, index.json and every blob the samples hold. */
function sampleLayout(overrides: Tree = {}): Tree {
  const tree: Tree = { 'oci-layout': sample('oci/oci-layout'), 'index.json': sample('oci/index.json') };
  for (const [digest, file] of Object.entries(BLOBS)) tree[`blobs/sha256/${digest}`] = sample(file);
  return { ...tree, ...overrides };
}

const indexJson = (manifests: readonly object[]): string =>
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.index, manifests });
const descriptor = (mediaType: string, digest: string, annotations?: Record<string, string>): object => ({
  mediaType,
  digest: `sha256:${digest}`,
  size: sample(BLOBS[digest] ?? '').length,
  ...(annotations ? { annotations } : {}),
});

function tarOf(root: string, args: readonly string[] = ['-cf'], members: readonly string[] = ['.']): string {
  const archive = join(scratch, `a${dirs++}.tar`);
  const run = spawnSync('tar', [...args, archive, '-C', root, ...members], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return archive;
}

const refused = (code: string) => (e: unknown) => isEvidentError(e) && e.code === code;

describe('the samples', () => {
  it('are named by their digests (README checksum table)', () => {
    for (const [digest, file] of Object.entries(BLOBS)) assert.equal(sha256(sample(file)), digest, file);
  });
});

describe('ociDigestFromLayout', () => {
  it('picks the image cosign save marks in index.json and verifies its blob', async () => {
    const result = await ociDigestFromLayout(writeTree(sampleLayout()));
    assert.deepEqual(result, {
      digest: `sha256:${INDEX}`,
      sha256: INDEX,
      mediaType: MEDIA.index,
      size: 856,
      refName: undefined,
      imageName: undefined,
      verified: true,
      source: 'oci-layout',
    });
  });

  it('chooses by ref name, and refuses when the choice is ambiguous or unknown', async () => {
    const root = writeTree(
      sampleLayout({
        'index.json': indexJson([
          descriptor(MEDIA.manifest, MANIFEST, { 'org.opencontainers.image.ref.name': 'amd64' }),
          descriptor(MEDIA.index, INDEX, { 'org.opencontainers.image.ref.name': 'latest' }),
        ]),
      }),
    );
    assert.equal((await ociDigestFromLayout(root, { ref: 'amd64' })).digest, `sha256:${MANIFEST}`);
    const latest = await ociDigestFromLayout(root, { ref: 'latest' });
    assert.equal(latest.sha256, INDEX);
    assert.equal(latest.refName, 'latest');
    await assert.rejects(ociDigestFromLayout(root), refused('bad_request'));
    await assert.rejects(ociDigestFromLayout(root, { ref: 'v9' }), refused('not_found'));
  });

  it('returns the top-level descriptor, not a nested one; an unmarked single entry is the image', async () => {
    const root = writeTree(sampleLayout({ 'index.json': indexJson([descriptor(MEDIA.index, INDEX)]) }));
    assert.equal((await ociDigestFromLayout(root)).sha256, INDEX);
    const manifestOnly = writeTree(
      sampleLayout({ 'index.json': indexJson([descriptor(MEDIA.manifest, MANIFEST)]) }),
    );
    const result = await ociDigestFromLayout(manifestOnly);
    assert.equal(result.sha256, MANIFEST);
    assert.equal(result.mediaType, MEDIA.manifest);
    assert.equal(result.size, 2557);
  });

  it('reports a missing blob as unverified (image-layout.md lets blobs be missing)', async () => {
    const root = writeTree(
      sampleLayout({
        'index.json': indexJson([
          { mediaType: MEDIA.manifest, digest: `sha256:${COSIGN_ATTS}`, size: 10623 },
        ]),
      }),
    );
    const result = await ociDigestFromLayout(root);
    assert.equal(result.sha256, COSIGN_ATTS);
    assert.equal(result.verified, false);
  });

  it('refuses a blob that does not match its digest or size', async () => {
    const tampered = writeTree(sampleLayout({ [`blobs/sha256/${INDEX}`]: sample(BLOBS[MANIFEST] ?? '') }));
    await assert.rejects(ociDigestFromLayout(tampered), refused('invalid_evidence'));
    const wrongSize = writeTree(
      sampleLayout({ 'index.json': indexJson([{ ...descriptor(MEDIA.index, INDEX), size: 855 }]) }),
    );
    await assert.rejects(ociDigestFromLayout(wrongSize), refused('invalid_evidence'));
  });

  it('holds index.json and oci-layout to the spec', async () => {
    const bad = async (overrides: Tree, code = 'invalid_evidence'): Promise<void> => {
      await assert.rejects(ociDigestFromLayout(writeTree(sampleLayout(overrides))), refused(code));
    };
    const withoutLayoutFile = sampleLayout();
    delete withoutLayoutFile['oci-layout'];
    await assert.rejects(ociDigestFromLayout(writeTree(withoutLayoutFile)), refused('invalid_evidence'));
    await bad({ 'oci-layout': '{"imageLayoutVersion":"2.0.0"}' });
    await bad({ 'index.json': '{"schemaVersion":2,' });
    await bad({ 'index.json': '{"schemaVersion":1,"manifests":[]}' });
    await bad({ 'index.json': indexJson([]) });
    await bad({
      'index.json': indexJson([
        { ...descriptor(MEDIA.index, INDEX), digest: `sha256:${INDEX.toUpperCase()}` },
      ]),
    });
    await bad({
      'index.json': indexJson([{ ...descriptor(MEDIA.index, INDEX), digest: `sha512:${INDEX}${INDEX}` }]),
    });
    await bad({
      'index.json': indexJson([
        { ...descriptor(MEDIA.index, INDEX), mediaType: 'application/vnd.in-toto+json' },
      ]),
    });
    await bad({ 'index.json': Buffer.alloc(4 * 1024 * 1024 + 1, 0x20) }, 'payload_too_large');
    await assert.rejects(ociDigestFromLayout(join(scratch, 'missing')), refused('not_found'));
  });
});

describe('ociDigestFromArchive (OCI layout in a tar)', () => {
  const variants: [string, readonly string[], readonly string[]][] = [
    ['gnu tar, ./ names', ['-cf'], ['.']],
    ['pax format', ['--format=posix', '-cf'], ['.']],
    ['ustar format, bare names', ['--format=ustar', '-cf'], ['oci-layout', 'index.json', 'blobs']],
    ['gzip', ['-czf'], ['.']],
  ];
  for (const [label, args, members] of variants) {
    it(`gives the layout's digest: ${label}`, async () => {
      const root = writeTree(
        sampleLayout({ [`${'long-'.repeat(30)}/${'name-'.repeat(19)}.txt`]: 'a long name' }),
      );
      const result = await ociDigestFromArchive(tarOf(root, args, members));
      assert.equal(result.digest, `sha256:${INDEX}`);
      assert.equal(result.verified, true);
      assert.equal(result.source, 'oci-archive');
    });
  }

  it('dispatches on directory or file', async () => {
    const root = writeTree(sampleLayout());
    assert.equal((await ociImageDigest(root)).source, 'oci-layout');
    assert.equal((await ociImageDigest(tarOf(root))).source, 'oci-archive');
  });

  it('refuses links where documents should be, and traversal, truncation, corrupt gzip', async () => {
    const elsewhere = writeTree({ 'index.json': sample('oci/index.json') });
    const linked = writeTree(sampleLayout({ 'index.json': { symlink: join(elsewhere, 'index.json') } }));
    await assert.rejects(ociDigestFromArchive(tarOf(linked)), refused('invalid_evidence'));
    // The same layout read as a directory follows the link: its content is verified by digest.
    assert.equal((await ociDigestFromLayout(linked)).sha256, INDEX);

    const evil = writeTree({ 'inner/x': 'x', 'escape.txt': 'x' });
    const evilTar = join(scratch, 'evil.tar');
    assert.equal(
      spawnSync('tar', ['-P', '-cf', evilTar, '-C', join(evil, 'inner'), '../escape.txt']).status,
      0,
    );
    await assert.rejects(ociDigestFromArchive(evilTar), refused('invalid_evidence'));

    const whole = readFileSync(tarOf(writeTree(sampleLayout())));
    const cut = join(scratch, 'cut.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2) + 100));
    await assert.rejects(ociDigestFromArchive(cut), refused('invalid_evidence'));

    const gz = readFileSync(tarOf(writeTree(sampleLayout()), ['-czf']));
    const corrupt = Buffer.from(gz);
    for (let i = 20; i < corrupt.length - 8; i += 7) corrupt[i] = (corrupt[i] ?? 0) ^ 0x5a;
    const corruptPath = join(scratch, 'corrupt.tar.gz');
    writeFileSync(corruptPath, corrupt);
    await assert.rejects(ociDigestFromArchive(corruptPath), refused('invalid_evidence'));

    const duplicated = join(scratch, 'dup.tar');
    const root = writeTree(sampleLayout());
    assert.equal(
      spawnSync('tar', ['-cf', duplicated, '-C', root, 'index.json', 'index.json', 'oci-layout']).status,
      0,
    );
    await assert.rejects(ociDigestFromArchive(duplicated), refused('invalid_evidence'));

    const notImage = tarOf(writeTree({ 'README.md': 'hello' }));
    await assert.rejects(ociDigestFromArchive(notImage), refused('invalid_evidence'));
  });
});

describe('ociDigestFromArchive (docker save)', () => {
  const dockerManifest = (config: string, tags: string[], layers: string[]): string =>
    `${JSON.stringify([{ Config: config, RepoTags: tags, Layers: layers }])}\n`;

  it('Docker 25+ with the containerd store: the exported index digest, which is the registry digest', async () => {
    const root = writeTree(
      sampleLayout({
        'index.json': indexJson([
          descriptor(MEDIA.index, INDEX, {
            'io.containerd.image.name': 'docker.io/example/app:latest',
            'org.opencontainers.image.ref.name': 'latest',
          }),
        ]),
        'manifest.json': dockerManifest(`blobs/sha256/${CONFIG}`, ['example/app:latest'], []),
      }),
    );
    const result = await ociDigestFromArchive(tarOf(root));
    assert.equal(result.digest, `sha256:${INDEX}`);
    assert.equal(result.source, 'docker-save');
    assert.equal(result.imageName, 'docker.io/example/app:latest');
    assert.equal(
      (await ociDigestFromArchive(tarOf(root), { ref: 'docker.io/example/app:latest' })).sha256,
      INDEX,
    );
    // A single-platform manifest with gzip layers (as pulled) is accepted too.
    const single = writeTree(
      sampleLayout({
        'index.json': indexJson([
          descriptor(MEDIA.manifest, MANIFEST, { 'org.opencontainers.image.ref.name': 'latest' }),
        ]),
        'manifest.json': dockerManifest(`blobs/sha256/${CONFIG}`, ['example/app:latest'], []),
      }),
    );
    assert.equal((await ociDigestFromArchive(tarOf(single))).sha256, MANIFEST);
  });

  it('Docker 25+ with the classic store: refused, the manifest was made up with uncompressed layers', async () => {
    const layer = readFileSync(tarOf(writeTree({ 'etc/hostname': 'demo\n' })));
    const layerDigest = sha256(layer);
    const config = sample(BLOBS[CONFIG] ?? '');
    // moby save.go: Manifest{SchemaVersion 2, MediaType oci manifest, Config{oci config, image ID, size},
    // Layers: [{application/vnd.oci.image.layer.v1.tar, diff ID, size}]}
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: `sha256:${CONFIG}`,
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar',
          digest: `sha256:${layerDigest}`,
          size: layer.length,
        },
      ],
    });
    const manifestDigest = sha256(manifest);
    const root = writeTree({
      'oci-layout': '{"imageLayoutVersion": "1.0.0"}',
      'index.json': indexJson([
        {
          mediaType: MEDIA.manifest,
          digest: `sha256:${manifestDigest}`,
          size: manifest.length,
          annotations: {
            'io.containerd.image.name': 'docker.io/library/demo:1.0',
            'org.opencontainers.image.ref.name': '1.0',
          },
        },
      ]),
      'manifest.json': dockerManifest(
        `blobs/sha256/${CONFIG}`,
        ['demo:1.0'],
        [`blobs/sha256/${layerDigest}`],
      ),
      repositories: `${JSON.stringify({ demo: { '1.0': layerDigest } })}\n`,
      [`blobs/sha256/${CONFIG}`]: config,
      [`blobs/sha256/${layerDigest}`]: layer,
      [`blobs/sha256/${manifestDigest}`]: manifest,
    });
    await assert.rejects(ociDigestFromArchive(tarOf(root)), (e: unknown) => {
      assert.ok(isEvidentError(e, 'invalid_evidence'));
      assert.deepEqual(e.details, {
        localManifestDigest: `sha256:${manifestDigest}`,
        imageIds: [`sha256:${CONFIG}`],
      });
      return true;
    });
    // Extracted to a directory, the same rule holds.
    await assert.rejects(ociDigestFromLayout(root), refused('invalid_evidence'));
  });

  it('before Docker 25: refused (no manifest was saved), with the image ID', async () => {
    const layerId = 'a'.repeat(64);
    const root = writeTree({
      'manifest.json': dockerManifest(`${CONFIG}.json`, ['demo:1.0'], [`${layerId}/layer.tar`]),
      [`${CONFIG}.json`]: sample(BLOBS[CONFIG] ?? ''),
      [`${layerId}/VERSION`]: '1.0',
      [`${layerId}/json`]: '{}',
      [`${layerId}/layer.tar`]: readFileSync(tarOf(writeTree({ 'etc/hostname': 'demo\n' }))),
      // moby links repeated layers to the first copy
      [`${'b'.repeat(64)}/layer.tar`]: { symlink: `../${layerId}/layer.tar` },
      repositories: '{"demo":{"1.0":"aaaa"}}\n',
    });
    for (const archive of [tarOf(root), tarOf(root, ['-czf'])]) {
      await assert.rejects(ociDigestFromArchive(archive), (e: unknown) => {
        assert.ok(isEvidentError(e, 'invalid_evidence'));
        assert.deepEqual(e.details, { imageIds: [`sha256:${CONFIG}`] });
        return true;
      });
    }
  });

  it('refuses a config that is not named by its digest, or named outside the archive', async () => {
    const wrongName = writeTree({
      'manifest.json': dockerManifest(`${'c'.repeat(64)}.json`, [], []),
      [`${'c'.repeat(64)}.json`]: sample(BLOBS[CONFIG] ?? ''),
    });
    await assert.rejects(ociDigestFromArchive(tarOf(wrongName)), refused('invalid_evidence'));
    const traversal = writeTree({ 'manifest.json': dockerManifest('../../etc/passwd', [], []) });
    await assert.rejects(ociDigestFromLayout(traversal), refused('invalid_evidence'));
  });
});
