import { joinUrl } from '../context/env.ts';

/**
 * `base` followed by `segments`, each percent-encoded as one path segment (so a GitLab project path
 * `group/sub/project` becomes the documented `group%2Fsub%2Fproject`), then `query`.
 */
export function apiUrl(
  base: string,
  segments: readonly (string | number)[],
  query: Readonly<Record<string, string>> = {},
): URL {
  const path = segments.map((segment) => encodeURIComponent(String(segment))).join('/');
  const url = new URL(joinUrl(base, path));
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}
