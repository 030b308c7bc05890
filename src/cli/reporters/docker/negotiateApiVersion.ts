import { EvidentError } from '../../../core/errors.ts';

/**
 * The Engine API version to put in request paths (`/v1.44/containers/json`).
 *
 * Requests are versioned so that the answers keep the shape we read (Engine API reference,
 * "Versioning": a versioned path gets that version's behaviour). Which version, though, depends
 * on the daemon: Docker 20.10 serves up to 1.41, and Docker 29 refuses anything below 1.44
 * ("client version 1.41 is too old. Minimum supported API version is 1.44"). So, like the Docker
 * SDK's version negotiation, ask `GET /version` (unversioned, always served) for the daemon's
 * `ApiVersion` and `MinAPIVersion` and use the version we checked the fields against, lowered to
 * what the daemon has or raised to what it still accepts. The fields read here (ContainerSummary
 * Id, Names, Image, ImageID, State; ImageInspect RepoDigests) are the same in every version from
 * 1.24 to 1.52.
 */
export const PREFERRED_API_VERSION = '1.44';
/** ContainerSummary `State` and the `status` list filter are there from 1.24 on. */
const OLDEST_USABLE = '1.24';

export function negotiateApiVersion(version: unknown): string {
  const record = typeof version === 'object' && version !== null ? (version as Record<string, unknown>) : {};
  const maximum = parseVersion(record.ApiVersion);
  if (maximum === undefined) {
    throw new EvidentError(
      'unavailable',
      'the Docker Engine did not say which API version it speaks (GET /version has no ApiVersion); is it a Docker Engine?',
    );
  }
  const minimum = parseVersion(record.MinAPIVersion);
  let chosen = parseVersion(PREFERRED_API_VERSION) as [number, number];
  if (compare(maximum, chosen) < 0) chosen = maximum;
  if (minimum !== undefined && compare(minimum, chosen) > 0) chosen = minimum;
  if (compare(chosen, parseVersion(OLDEST_USABLE) as [number, number]) < 0) {
    throw new EvidentError(
      'unavailable',
      `the Docker Engine speaks API ${chosen.join('.')}; Evident needs ${OLDEST_USABLE} or later (Docker 1.12+)`,
    );
  }
  return chosen.join('.');
}

function parseVersion(value: unknown): [number, number] | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,4})\.(\d{1,4})$/.exec(value);
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2])];
}

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}
