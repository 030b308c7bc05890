import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidentError } from '../core/errors.ts';
import {
  classicStoreError,
  classicStoreManifest,
  dockerSaveImageIds,
  legacyDockerSaveError,
  type FileLookup,
} from './dockerSave.ts';
import { fsError } from './fsErrors.ts';
import { readImageArchive } from './ociArchive.ts';
import {
  CONTAINERD_IMAGE_NAME,
  MAX_DOCUMENT_BYTES,
  REF_NAME,
  checkOciLayoutFile,
  parseIndexManifests,
  selectDescriptor,
} from './ociIndex.ts';

/**
 * OCI image digests from local files — no network (fetching from a registry is elsewhere).
 *
 * The result is the digest of the top-level descriptor that names the image in `index.json`
 * (OCI image-spec v1.1 image-layout.md §index.json): the digest of an image manifest, or of an
 * image index for a multi-platform image. That is the digest a registry reports for the image
 * (distribution-spec: the manifest's `Docker-Content-Digest`), what `image@sha256:…` pins and what
 * Kubernetes shows as `imageID`. A nested index is not followed: choosing a platform would give
 * the digest of one platform's manifest, which is not the image's digest.
 *
 * When the descriptor's blob is present it must hash to the digest and have the declared size
 * (descriptor.md §Digests, §Size), else `invalid_evidence`: `verified` says it was checked. The
 * layout spec lets blobs be missing (image-layout.md §Blobs); then `verified` is false.
 */

/**
 * Where the digest came from: a layout directory, a tar of one, or a layout that also carries
 * Docker's `manifest.json` (a `docker save` output, extracted or not), held to dockerSave.ts.
 */
export type OciSource = 'oci-layout' | 'oci-archive' | 'docker-save';

export interface OciImageDigest {
  /** `sha256:<hex>`, the OCI spelling. */
  readonly digest: string;
  /** The same as 64 hex digits: Evident's fingerprint. */
  readonly sha256: string;
  readonly mediaType: string;
  readonly size: number;
  /** `org.opencontainers.image.ref.name` of the chosen descriptor, if any (e.g. "latest"). */
  readonly refName: string | undefined;
  /** `io.containerd.image.name` of the chosen descriptor, if any (docker save, containerd). */
  readonly imageName: string | undefined;
  /** The manifest / index blob was present and matched the digest and size. */
  readonly verified: boolean;
  readonly source: OciSource;
}

export interface OciDigestOptions {
  /** Which image of a layout holding several: a ref name ("v1") or a full image name. */
  readonly ref?: string;
}

/** What the resolution needs from a layout, whatever holds it. */
interface LayoutAccess {
  readonly source: 'oci-layout' | 'oci-archive';
  /** A top-level file or a blob path, by name; undefined when absent. */
  readonly read: FileLookup;
}

/** The image digest of an OCI image layout directory (or an extracted `docker save`). */
export async function ociDigestFromLayout(
  directory: string,
  options: OciDigestOptions = {},
): Promise<OciImageDigest> {
  try {
    if (!(await stat(directory)).isDirectory()) {
      throw new EvidentError('bad_request', `${JSON.stringify(directory)} is not a directory`, {
        path: directory,
      });
    }
  } catch (error) {
    throw fsError(error, directory, 'image layout');
  }
  return resolve({ source: 'oci-layout', read: (name) => readLayoutFile(directory, name) }, options);
}

/**
 * The image digest of an image tarball, plain or gzip: an OCI layout in a tar, or a `docker save`
 * output (see dockerSave.ts for what can and cannot be derived from those).
 */
export async function ociDigestFromArchive(
  path: string,
  options: OciDigestOptions = {},
): Promise<OciImageDigest> {
  const contents = await readImageArchive(path);
  const read: FileLookup = (name) => {
    if (contents.notFiles.has(name)) {
      return Promise.reject(
        new EvidentError('invalid_evidence', `tar archive: ${name} is a link, not a file`),
      );
    }
    if (contents.skipped.has(name)) {
      return Promise.reject(
        new EvidentError('payload_too_large', `tar archive: ${name} is too large to read`),
      );
    }
    return Promise.resolve(contents.files.get(name));
  };
  return resolve({ source: 'oci-archive', read }, options);
}

/** A directory is read as a layout, a file as an archive. */
export async function ociImageDigest(path: string, options: OciDigestOptions = {}): Promise<OciImageDigest> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    throw fsError(error, path, 'image');
  }
  return isDirectory ? ociDigestFromLayout(path, options) : ociDigestFromArchive(path, options);
}

async function resolve(layout: LayoutAccess, options: OciDigestOptions): Promise<OciImageDigest> {
  const index = await layout.read('index.json');
  const dockerManifest = await layout.read('manifest.json');
  const imageIds = (): Promise<string[]> =>
    dockerManifest === undefined ? Promise.resolve([]) : dockerSaveImageIds(dockerManifest, layout.read);
  if (index === undefined) {
    if (dockerManifest !== undefined) throw legacyDockerSaveError(await imageIds());
    throw new EvidentError(
      'invalid_evidence',
      'not an OCI image layout (no index.json) nor a docker save archive',
    );
  }
  const ociLayout = await layout.read('oci-layout');
  if (ociLayout === undefined) {
    throw new EvidentError(
      'invalid_evidence',
      'an OCI image layout must have an oci-layout file (image-layout.md)',
    );
  }
  checkOciLayoutFile(ociLayout);

  const descriptor = selectDescriptor(parseIndexManifests(index), options.ref);
  const blob = await layout.read(`blobs/sha256/${descriptor.sha256}`);
  if (blob !== undefined) {
    const actual = createHash('sha256').update(blob).digest('hex');
    if (actual !== descriptor.sha256 || blob.length !== descriptor.size) {
      throw new EvidentError(
        'invalid_evidence',
        `blob sha256:${descriptor.sha256} does not match its descriptor (content sha256:${actual}, ${blob.length} bytes, declared ${descriptor.size})`,
        { digest: `sha256:${descriptor.sha256}`, actual: `sha256:${actual}` },
      );
    }
  }

  let source: OciSource = layout.source;
  if (dockerManifest !== undefined) {
    source = 'docker-save';
    if (blob === undefined) {
      throw new EvidentError(
        'invalid_evidence',
        `docker save archive lacks its manifest sha256:${descriptor.sha256}`,
      );
    }
    const classic = classicStoreManifest(descriptor, blob);
    if (classic !== undefined) {
      throw classicStoreError(
        descriptor,
        classic.imageId === undefined ? await imageIds() : [classic.imageId],
      );
    }
  }

  return {
    digest: `sha256:${descriptor.sha256}`,
    sha256: descriptor.sha256,
    mediaType: descriptor.mediaType,
    size: descriptor.size,
    refName: descriptor.annotations[REF_NAME],
    imageName: descriptor.annotations[CONTAINERD_IMAGE_NAME],
    verified: blob !== undefined,
    source,
  };
}

/** A file of a layout directory, bounded; undefined when absent. Symlinks are followed: content is verified by digest. */
async function readLayoutFile(directory: string, name: string): Promise<Buffer | undefined> {
  const path = join(directory, name);
  try {
    const stats = await stat(path);
    if (!stats.isFile())
      throw new EvidentError('invalid_evidence', `${name} in the image layout is not a file`);
    if (stats.size > MAX_DOCUMENT_BYTES) {
      throw new EvidentError('payload_too_large', `${name} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    return await readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw fsError(error, path, 'image layout file');
  }
}
