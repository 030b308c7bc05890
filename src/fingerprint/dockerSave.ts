import { createHash } from 'node:crypto';
import { EvidentError } from '../core/errors.ts';
import { strictOciSha256 } from './digest.ts';
import { isObject, parseJsonDocument, type OciDescriptor } from './ociIndex.ts';

/**
 * What a `docker save` tarball can and cannot tell about the registry digest of an image.
 *
 * Facts (moby/moby image/tarexport/save.go, 2024–2025; daemon/internal/image/tarexport/save.go):
 * - Every `docker save` writes `manifest.json`: `[{"Config": ..., "RepoTags": [...], "Layers": [...]}]`.
 *   `Config` names the image config; its SHA-256 is the image ID (`docker images --digests` "IMAGE ID").
 * - Before Docker 25 that is all (plus `repositories` and per-layer `<id>/layer.tar`, `json`,
 *   `VERSION`): there is no image manifest. The registry digest is the digest of a manifest
 *   listing the *compressed* layer blobs and their sizes, which `docker push` makes by compressing
 *   the layers; those bytes were never saved and gzip output is not reproducible across
 *   implementations, so the registry digest cannot be derived. Refused, with the image IDs.
 * - Docker 25+ with the classic image store also writes an OCI layout (`oci-layout`, `index.json`,
 *   `blobs/sha256/...`), but the manifest in it is made up at save time: its layers are the
 *   *uncompressed* layer tars (`application/vnd.oci.image.layer.v1.tar`, digest = diff ID). Its
 *   digest is not what any registry reports for the image (a push compresses the layers).
 *   Refused the same way.
 * - With the containerd image store (Docker's default on new installs since 29), `docker save`
 *   exports the image's original manifest / index blobs, so the top-level descriptor's digest is
 *   the registry digest. Accepted.
 * Telling the last two apart: a manifest whose layers are all uncompressed tars is the classic
 * store's invention. (An image really pushed with uncompressed layers would be refused too: the
 * refusal errs on the side of never recording a digest no registry knows.)
 */

const UNCOMPRESSED_LAYER_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar',
  'application/vnd.docker.image.rootfs.diff.tar',
]);
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

/** Reads a file of the archive by name (undefined when absent). */
export type FileLookup = (name: string) => Promise<Buffer | undefined>;

/** The `Config` names of `manifest.json`. */
export function dockerSaveConfigs(manifestJson: Buffer): string[] {
  const doc = parseJsonDocument(manifestJson, 'manifest.json');
  if (!Array.isArray(doc))
    throw new EvidentError('invalid_evidence', 'manifest.json is not a docker save manifest');
  return doc.map((item: unknown, i) => {
    const config = isObject(item) ? item.Config : undefined;
    if (typeof config !== 'string') {
      throw new EvidentError('invalid_evidence', `manifest.json [${i}] has no Config`);
    }
    return config;
  });
}

/** Where `docker save` puts a config: `<hex>.json` (before Docker 25) or `blobs/sha256/<hex>`. */
const CONFIG_NAME = /^(?:([a-f0-9]{64})\.json|blobs\/sha256\/([a-f0-9]{64}))$/;

/**
 * Image IDs (`sha256:` + SHA-256 of the config bytes) of the images in a docker save archive. A
 * config is named by its own digest; any other name (a path out of the archive included) is
 * refused, and so is a config whose bytes do not hash to its name.
 */
export async function dockerSaveImageIds(manifestJson: Buffer, read: FileLookup): Promise<string[]> {
  const ids: string[] = [];
  for (const name of dockerSaveConfigs(manifestJson)) {
    const match = CONFIG_NAME.exec(name);
    const named = match?.[1] ?? match?.[2];
    if (named === undefined) {
      throw new EvidentError(
        'invalid_evidence',
        `manifest.json names an unexpected config ${JSON.stringify(name)}`,
      );
    }
    const bytes = await read(name);
    if (bytes === undefined)
      throw new EvidentError('invalid_evidence', `docker save archive lacks its config ${name}`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== named) {
      throw new EvidentError(
        'invalid_evidence',
        `config ${name} does not hash to its name (sha256:${actual})`,
      );
    }
    ids.push(`sha256:${actual}`);
  }
  return ids;
}

/** Refusal for a pre-Docker-25 archive: there is no manifest to take a digest of. */
export function legacyDockerSaveError(imageIds: readonly string[]): EvidentError {
  return new EvidentError(
    'invalid_evidence',
    'this docker save archive (before Docker 25) holds no image manifest: the registry digest depends on ' +
      'compressed layers that were never saved, so it cannot be derived. Fingerprint the image by its ' +
      'registry digest (docker inspect --format "{{index .RepoDigests 0}}") or save it as an OCI archive.',
    { imageIds: [...imageIds] },
  );
}

/**
 * Whether the manifest that `index.json` of a Docker 25+ save points to was synthesised by the
 * classic image store (see above): its image ID (config digest) when it was, else undefined.
 * `manifest` is the blob's bytes, already verified against the descriptor.
 */
export function classicStoreManifest(
  descriptor: OciDescriptor,
  manifest: Buffer,
): { imageId?: string } | undefined {
  if (!MANIFEST_TYPES.has(descriptor.mediaType)) return undefined; // an index: exported as pulled
  const doc = parseJsonDocument(manifest, `manifest sha256:${descriptor.sha256}`);
  const layers = isObject(doc) && Array.isArray(doc.layers) ? (doc.layers as unknown[]) : [];
  const compressed = layers.some(
    (layer) =>
      isObject(layer) &&
      typeof layer.mediaType === 'string' &&
      !UNCOMPRESSED_LAYER_TYPES.has(layer.mediaType),
  );
  if (compressed) return undefined;
  const config = isObject(doc) && isObject(doc.config) ? strictOciSha256(doc.config.digest) : undefined;
  return config === undefined ? {} : { imageId: `sha256:${config}` };
}

/** Refusal for a Docker 25+ classic-store archive: its manifest digest is local only. */
export function classicStoreError(descriptor: OciDescriptor, imageIds: readonly string[]): EvidentError {
  return new EvidentError(
    'invalid_evidence',
    "this docker save archive was written by Docker's classic image store: its manifest " +
      `(sha256:${descriptor.sha256}) lists uncompressed layers and was made up at save time, so its digest is not ` +
      'the one a registry reports. Fingerprint the image by its registry digest, or save it with the containerd ' +
      'image store or as an OCI archive (docker buildx build --output type=oci).',
    { localManifestDigest: `sha256:${descriptor.sha256}`, imageIds: [...imageIds] },
  );
}
