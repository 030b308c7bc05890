import { strictOciSha256 } from '../../../fingerprint/digest.ts';
import { canonicalReference, parseDockerReference, type DockerReference } from './dockerReference.ts';

/** A container's artifact: its name and registry digest, or why it has none we can report. */
export type RegistryDigestChoice =
  | { readonly name: string; readonly fingerprint: string }
  | { readonly name: string; readonly reason: string };

/** What the daemon knows of the container's image: ImageInspect `RepoDigests`, or that the image is gone. */
export type KnownRepoDigests = readonly string[] | 'image-removed';

/**
 * The registry manifest digest of the image a container runs — the digest CI reports when it
 * pushes the image, and what `docker pull repo@sha256:…` names — chosen the way Kubernetes' old
 * dockershim built `docker-pullable://repo@sha256:…` image IDs, without its two pitfalls:
 *
 * - dockershim took the first of the image's RepoDigests. An image pulled from two registries
 *   (or two repositories) has one per repository, in no useful order; here the one of the
 *   repository the container was created from is taken.
 * - with no RepoDigests dockershim fell back to `docker://sha256:<image ID>`. The image ID is the
 *   digest of the image's config blob (ImageInspect `Id`: "differs from the RepoDigests, which
 *   holds digests of image manifests"), which no registry and no CI reports: such an image (built
 *   locally, never pushed or pulled) is skipped, with the reason.
 *
 * `image` is ContainerSummary `Image`: the reference as the container was created (short or
 * canonical, with tag and/or digest), or the image ID when created by ID — and the daemon shows
 * the ID too when the tag has since moved to another image. The artifact name is the canonical
 * form of that reference; for an ID it is the pullable `repository@digest`.
 */
export function chooseRegistryDigest(
  image: string,
  imageId: string,
  repoDigests: KnownRepoDigests,
): RegistryDigestChoice {
  const reference = isImageId(image, imageId) ? undefined : parseDockerReference(image);
  const name = reference === undefined ? image : canonicalReference(reference);
  // Created by digest (`repo@sha256:…`, with or without a tag): the daemon pulled and verified
  // exactly that manifest, whatever else RepoDigests lists.
  if (reference?.digest !== undefined) {
    const pinned = strictOciSha256(reference.digest);
    if (pinned !== undefined) return { name, fingerprint: pinned };
    return { name, reason: `its image is pinned by ${reference.digest}, not a SHA-256 digest` };
  }
  if (repoDigests === 'image-removed') {
    return {
      name,
      reason: `its image ${imageId} is no longer on the host (removed while the container runs), so its registry digest is unknown`,
    };
  }
  const known = repoDigests.flatMap((entry) => {
    const parsed = parseRepoDigest(entry);
    return parsed === undefined ? [] : [parsed];
  });
  if (known.length === 0) {
    return {
      name,
      reason: `its image ${imageId} has no registry digest (built locally, never pushed or pulled); an image ID is a config digest, which matches nothing CI reports`,
    };
  }
  // The container's own repository first; an image only retagged locally (`docker tag
  // registry/app:1 app:prod`) has none of its own, and then any digest of the same image serves.
  const own = known.filter((entry) => entry.repository === reference?.repository);
  const candidates = own.length > 0 ? own : known;
  const digests = [...new Set(candidates.map((entry) => entry.fingerprint))];
  const only = candidates[0];
  if (digests.length === 1 && only !== undefined) {
    return {
      name: reference === undefined ? `${only.repository}@sha256:${only.fingerprint}` : name,
      fingerprint: only.fingerprint,
    };
  }
  return {
    name,
    reason: `its image has several registry digests and none is more its own than another: ${candidates.map((entry) => `${entry.repository}@sha256:${entry.fingerprint}`).join(', ')}`,
  };
}

/**
 * Is ContainerSummary `Image` the image's ID rather than a name? The full `sha256:<hex>`, or an
 * ID prefix of the container's own ImageID (what `docker run 7229784845` records). A hex-only
 * repository name that is also a prefix of the image's ID is not worth telling apart.
 */
function isImageId(image: string, imageId: string): boolean {
  const hex = imageId.replace(/^sha256:/, '');
  const written = image.replace(/^sha256:/, '');
  return /^[a-f0-9]+$/.test(written) && hex.startsWith(written);
}

/** `repository@sha256:<hex>`, as in ImageInspect RepoDigests; undefined for anything else. */
function parseRepoDigest(
  entry: string,
): { readonly repository: string; readonly fingerprint: string } | undefined {
  const reference: DockerReference | undefined = parseDockerReference(entry);
  const fingerprint = strictOciSha256(reference?.digest);
  if (reference === undefined || fingerprint === undefined) return undefined;
  return { repository: reference.repository, fingerprint };
}
