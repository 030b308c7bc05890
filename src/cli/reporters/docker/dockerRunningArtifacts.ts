import { EvidentError, isEvidentError } from '../../../core/errors.ts';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';
import { chooseRegistryDigest, type KnownRepoDigests } from './chooseRegistryDigest.ts';
import { dockerEndpoint, type DockerEndpointOptions } from './dockerEndpoint.ts';
import { dockerEngineGet } from './dockerEngineGet.ts';
import { negotiateApiVersion } from './negotiateApiVersion.ts';
import { runningContainers, type RunningContainer } from './runningContainers.ts';

export interface DockerReporterOptions extends DockerEndpointOptions {
  /** Where DOCKER_HOST and DOCKER_TLS_VERIFY are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per request to the daemon (default 30 s). */
  readonly timeoutMs?: number;
}

/** Engine API ContainerList query: running containers only (`filters` is JSON, URL-encoded). */
const RUNNING = `filters=${encodeURIComponent(JSON.stringify({ status: ['running'] }))}`;
/** The image IDs the daemon hands out; anything else is not put in a request path. */
const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;

/**
 * What runs on a Docker host: one artifact per image reference and registry digest, with the
 * number of running containers as instances. Talks to the Docker Engine API directly:
 * `GET /version` (to pick the API version), `GET /v<version>/containers/json`, and
 * `GET /v<version>/images/<ImageID>/json` once per image for its RepoDigests.
 */
export async function dockerRunningArtifacts(options: DockerReporterOptions = {}): Promise<ReporterResult> {
  const endpoint = dockerEndpoint(options, options.env ?? process.env);
  const get = (path: string): Promise<unknown> =>
    dockerEngineGet(endpoint, path, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  const base = `/v${negotiateApiVersion(await engineVersion(get))}`;
  const containers = runningContainers(await get(`${base}/containers/json?${RUNNING}`));

  // Inspect each image once, however many containers run it.
  const imageIds = [...new Set(containers.map((container) => container.imageId))];
  const known = new Map<string, KnownRepoDigests>();
  await Promise.all(
    imageIds.map(async (imageId) => {
      known.set(imageId, await repoDigestsOf(get, base, imageId));
    }),
  );

  const artifacts: RunningArtifact[] = [];
  const skipped = new Map<string, { name: string; reason: string; containers: string[] }>();
  for (const container of containers) {
    const choice = chooseRegistryDigest(
      container.image,
      container.imageId,
      known.get(container.imageId) ?? [],
    );
    if ('fingerprint' in choice) {
      artifacts.push({ name: choice.name, fingerprint: choice.fingerprint, instances: 1 });
      continue;
    }
    const key = `${choice.name}\u0000${choice.reason}`;
    const entry = skipped.get(key) ?? { ...choice, containers: [] };
    entry.containers.push(containerLabel(container));
    skipped.set(key, entry);
  }
  return {
    artifacts: mergeRunning(artifacts),
    skipped: [...skipped.values()]
      .map(({ name, reason, containers: labels }) => ({
        name,
        reason: `${reason} (container${labels.length > 1 ? 's' : ''} ${labels.join(', ')})`,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.reason.localeCompare(b.reason, 'en')),
  };
}

/** `GET /version` (Engine API SystemVersion); a server without it is no Docker Engine. */
async function engineVersion(get: (path: string) => Promise<unknown>): Promise<unknown> {
  try {
    return await get('/version');
  } catch (error) {
    if (!isEvidentError(error, 'not_found')) throw error;
    throw new EvidentError('unavailable', `${error.message}: is it a Docker Engine?`);
  }
}

/** ImageInspect `RepoDigests` (null on some daemons, moby/moby#45556: read as none). */
async function repoDigestsOf(
  get: (path: string) => Promise<unknown>,
  base: string,
  imageId: string,
): Promise<KnownRepoDigests> {
  if (!IMAGE_ID.test(imageId)) {
    throw new EvidentError(
      'unavailable',
      `unexpected image ID from the Docker Engine: ${JSON.stringify(imageId)}`,
    );
  }
  let image: unknown;
  try {
    image = await get(`${base}/images/${imageId}/json`);
  } catch (error) {
    // ImageInspect 404 "No such image": removed (docker rmi -f) after the container started.
    if (isEvidentError(error, 'not_found')) return 'image-removed';
    throw error;
  }
  const repoDigests =
    typeof image === 'object' && image !== null ? (image as Record<string, unknown>).RepoDigests : undefined;
  if (repoDigests === undefined || repoDigests === null) return [];
  if (!Array.isArray(repoDigests)) {
    throw new EvidentError(
      'unavailable',
      `unexpected answer from the Docker Engine: RepoDigests of ${imageId} is not a list`,
    );
  }
  return repoDigests.filter((entry): entry is string => typeof entry === 'string');
}

/** `payments-api-1 (3f1c2a9b7d4e)`: the name people know, and the short ID `docker ps` shows. */
function containerLabel(container: RunningContainer): string {
  const name = container.names[0];
  const shortId = container.id.slice(0, 12);
  return name === undefined ? shortId : `${name} (${shortId})`;
}
