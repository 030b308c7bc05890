/**
 * Docker image references, read and normalised the way Docker does (github.com/distribution/reference,
 * reference.go grammar and normalize.go):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component { "/" path-component }
 *
 * The first component is a registry domain only when it contains "." or ":" or is "localhost";
 * otherwise the image is on Docker Hub, whose canonical domain is "docker.io" ("index.docker.io"
 * is its legacy name) and whose one-component names live under "library/". So `nginx:1.25`,
 * `library/nginx:1.25` and `docker.io/library/nginx:1.25` are one image, and `localhost:5000/app`
 * has no tag.
 */
export interface DockerReference {
  /** Canonical repository: `docker.io/library/nginx`, `registry.example.com:5000/team/app`. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** As written, `algorithm:encoded` (e.g. `sha256:…`). */
  readonly digest: string | undefined;
}

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d+)?$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]+$/;

/** The reference, normalised; undefined when `text` is not one (an image ID, say). */
export function parseDockerReference(text: string): DockerReference | undefined {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  let domain = hasDomain ? first : 'docker.io';
  let path = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !DOMAIN.test(domain)) return undefined;
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!path.split('/').every((component) => PATH_COMPONENT.test(component))) return undefined;
  return { repository: `${domain}/${path}`, tag, digest };
}

/**
 * The full canonical form, as containerd and Kubernetes show it: a reference with neither tag nor
 * digest means `:latest` (normalize.go TagNameOnly, what `docker run nginx` pulls).
 */
export function canonicalReference(reference: DockerReference): string {
  const tag = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
  return `${reference.repository}${tag === undefined ? '' : `:${tag}`}${reference.digest === undefined ? '' : `@${reference.digest}`}`;
}
