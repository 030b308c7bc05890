import { EvidentError } from '../core/errors.ts';
import { strictOciSha256 } from './digest.ts';

/**
 * The documents at the top of an OCI image layout, and which image they name.
 *
 * OCI image-spec v1.1: image-layout.md (`oci-layout` holds `imageLayoutVersion`; `index.json` is
 * an image index; blobs live at `blobs/<alg>/<encoded>`), image-index.md (`manifests`: an array of
 * descriptors), descriptor.md (`mediaType`, `digest`, `size`, `annotations`),
 * annotations.md (`org.opencontainers.image.ref.name`).
 *
 * The image digest a registry reports — what `docker pull`, `crane digest` and a Kubernetes
 * `imageID` show — is the digest of the manifest or index a tag points to. In a layout that is the
 * digest of the top-level descriptor in `index.json`; a nested index is not followed.
 */

/** Bounded input (DESIGN §7): the distribution spec asks registries to take manifests up to 4 MiB. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export const REF_NAME = 'org.opencontainers.image.ref.name';
/** containerd's (and Docker's `docker save`) full image name annotation. */
export const CONTAINERD_IMAGE_NAME = 'io.containerd.image.name';
/**
 * `cosign save` marks which top-level entry is the image and which are its signatures and
 * attestations (sigstore/cosign pkg/oci/layout: annotation "kind").
 */
const COSIGN_KIND = 'kind';
const COSIGN_IMAGE_KINDS = new Set(['dev.cosignproject.cosign/image', 'dev.cosignproject.cosign/imageIndex']);

/** Media types that a registry serves as an image (OCI image-spec, Docker image manifest v2.2). */
export const IMAGE_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

export interface OciDescriptor {
  readonly mediaType: string;
  /** The 64 hex digits of a `sha256:` digest. */
  readonly sha256: string;
  readonly size: number;
  readonly annotations: Readonly<Record<string, string>>;
}

const invalid = (message: string): EvidentError => new EvidentError('invalid_evidence', message);

/** A JSON document of an image layout, parsed; refused when too large or not JSON. */
export function parseJsonDocument(bytes: Buffer, what: string): unknown {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new EvidentError('payload_too_large', `${what} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid(`${what} is not UTF-8 JSON`);
  }
}

/** `oci-layout`: image-layout.md §oci-layout file, version "1.0.0" (the only one defined). */
export function checkOciLayoutFile(bytes: Buffer): void {
  const doc = parseJsonDocument(bytes, 'oci-layout');
  const version = isObject(doc) ? doc.imageLayoutVersion : undefined;
  if (version !== '1.0.0') {
    throw invalid(`oci-layout: unsupported imageLayoutVersion ${JSON.stringify(version ?? null)}`);
  }
}

/** The descriptors of `index.json` (image-index.md), each held to descriptor.md. */
export function parseIndexManifests(bytes: Buffer, what = 'index.json'): OciDescriptor[] {
  const doc = parseJsonDocument(bytes, what);
  if (!isObject(doc) || doc.schemaVersion !== 2 || !Array.isArray(doc.manifests)) {
    throw invalid(`${what} is not an OCI image index (schemaVersion 2 with a manifests array)`);
  }
  return doc.manifests.map((item: unknown, i) => parseDescriptor(item, `${what} manifests[${i}]`));
}

function parseDescriptor(item: unknown, what: string): OciDescriptor {
  if (!isObject(item)) throw invalid(`${what} is not a descriptor`);
  const { mediaType, digest, size, annotations } = item;
  if (typeof mediaType !== 'string') throw invalid(`${what}: mediaType must be a string`);
  const sha256 = strictOciSha256(digest);
  if (sha256 === undefined) {
    throw invalid(`${what}: digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex>`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid(`${what}: size must be a non-negative integer`);
  }
  const notes: Record<string, string> = {};
  if (annotations !== undefined) {
    if (!isObject(annotations)) throw invalid(`${what}: annotations must be an object`);
    for (const [key, value] of Object.entries(annotations)) {
      if (typeof value !== 'string') throw invalid(`${what}: annotation ${key} must be a string`);
      notes[key] = value;
    }
  }
  return { mediaType, sha256, size, annotations: notes };
}

/**
 * The top-level descriptor that names the image:
 * - with `ref`: the one whose `org.opencontainers.image.ref.name` (e.g. "v1.2") or
 *   `io.containerd.image.name` (e.g. "docker.io/library/alpine:3.20") equals it;
 * - without: the only one; or the one digest they all share (`docker save` writes one entry per
 *   tag of the same image); or the one `cosign save` marks as the image (kind image/imageIndex).
 * Anything else is ambiguous and refused with the names to choose from.
 */
export function selectDescriptor(manifests: readonly OciDescriptor[], ref?: string): OciDescriptor {
  const refs = [...new Set(manifests.flatMap((d) => namesOf(d)))];
  let candidates: readonly OciDescriptor[];
  if (ref !== undefined) {
    candidates = manifests.filter((d) => namesOf(d).includes(ref));
    if (candidates.length === 0) {
      throw new EvidentError('not_found', `no image named ${JSON.stringify(ref)} in index.json`, {
        ref,
        refs,
      });
    }
  } else {
    candidates = manifests;
    if (new Set(manifests.map((d) => d.sha256)).size > 1) {
      const marked = manifests.filter((d) => COSIGN_IMAGE_KINDS.has(d.annotations[COSIGN_KIND] ?? ''));
      if (marked.length > 0) candidates = marked;
    }
  }
  const first = candidates[0];
  if (first === undefined) throw invalid('index.json lists no manifests');
  if (candidates.some((d) => d.sha256 !== first.sha256)) {
    throw new EvidentError(
      'bad_request',
      `index.json names ${candidates.length} different images; choose one by ref name${refs.length > 0 ? ` (${refs.join(', ')})` : ''}`,
      { refs },
    );
  }
  if (!IMAGE_MEDIA_TYPES.has(first.mediaType)) {
    throw invalid(`the selected descriptor is not an image manifest or index (${first.mediaType})`);
  }
  return first;
}

function namesOf(descriptor: OciDescriptor): string[] {
  return [descriptor.annotations[REF_NAME], descriptor.annotations[CONTAINERD_IMAGE_NAME]].filter(
    (name): name is string => name !== undefined,
  );
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
