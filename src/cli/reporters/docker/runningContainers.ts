import { EvidentError } from '../../../core/errors.ts';

/** The fields of a ContainerSummary this reporter uses. */
export interface RunningContainer {
  readonly id: string;
  /** Names, without Docker's historical leading "/". */
  readonly names: readonly string[];
  /** The image reference as the container was created, or the image ID. */
  readonly image: string;
  /** `sha256:<hex>`: the image's config digest (or, with the containerd image store, its manifest's). */
  readonly imageId: string;
}

/**
 * The running containers in a `GET /containers/json` answer (Engine API ContainerList: an array of
 * ContainerSummary with `Id`, `Names`, `Image`, `ImageID`, `State`, ...). The request already
 * filters on `status=running`; `State` is checked again so that a daemon ignoring the filter
 * cannot make a stopped container count. Anything not shaped like the reference says is refused.
 */
export function runningContainers(body: unknown): RunningContainer[] {
  if (!Array.isArray(body)) throw unexpected('the container list is not an array');
  const containers: RunningContainer[] = [];
  for (const item of body as unknown[]) {
    if (typeof item !== 'object' || item === null) throw unexpected('a container is not an object');
    const summary = item as Record<string, unknown>;
    const { Id: id, Image: image, ImageID: imageId, State: state, Names: names } = summary;
    if (typeof id !== 'string' || typeof image !== 'string' || typeof imageId !== 'string') {
      throw unexpected('a container lacks Id, Image or ImageID');
    }
    if (state !== 'running') continue;
    containers.push({
      id,
      names: Array.isArray(names)
        ? names
            .filter((name): name is string => typeof name === 'string')
            .map((name) => name.replace(/^\//, ''))
        : [],
      image,
      imageId,
    });
  }
  return containers;
}

function unexpected(what: string): EvidentError {
  return new EvidentError(
    'unavailable',
    `unexpected answer from the Docker Engine (GET /containers/json): ${what}`,
  );
}
