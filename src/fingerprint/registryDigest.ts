import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EvidentError, messageOf } from '../core/errors.ts';

/** Manifest media types a registry may answer with (OCI image-spec, Docker distribution). */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface ImageReference {
  readonly registry: string;
  readonly repository: string;
  readonly reference: string;
}

/**
 * Parses `host[:port]/repo/path[:tag|@sha256:…]` (Docker's reference grammar, the subset that names a
 * registry explicitly; `docker.io` names like `library/alpine` are given as `registry-1.docker.io/…`).
 */
export function parseImageReference(text: string): ImageReference {
  const slash = text.indexOf('/');
  if (slash <= 0)
    throw new EvidentError(
      'bad_request',
      `image reference "${text}" needs a registry host: host[:port]/repository[:tag]`,
    );
  const registry = text.slice(0, slash);
  let rest = text.slice(slash + 1);
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) {
    throw new EvidentError('bad_request', `"${rest}" is not a valid repository name`);
  }
  return { registry, repository: rest, reference };
}

export interface RegistryOptions {
  /** Use http:// (the registry on localhost is plain HTTP by default, as Docker allows). */
  readonly insecure?: boolean;
  /** Docker config with `auths` (default ~/.docker/config.json or $DOCKER_CONFIG/config.json). */
  readonly dockerConfig?: string;
  readonly fetch?: typeof fetch;
}

/**
 * The manifest digest a registry serves for an image (OCI distribution-spec "Pulling manifests"):
 * HEAD/GET /v2/<name>/manifests/<reference>, authenticating with a bearer token when challenged
 * (Docker token authentication: `WWW-Authenticate: Bearer realm=…,service=…,scope=…`), with basic
 * credentials from the Docker config if it has some. The digest is computed from the manifest bytes,
 * and must equal Docker-Content-Digest when the registry sends one.
 */
export async function registryDigest(text: string, options: RegistryOptions = {}): Promise<string> {
  const image = parseImageReference(text);
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(image.registry);
  const scheme = options.insecure === true || local ? 'http' : 'https';
  const url = `${scheme}://${image.registry}/v2/${image.repository}/manifests/${image.reference}`;
  const get = options.fetch ?? fetch;
  const basic = basicCredentials(image.registry, options.dockerConfig);
  const attempt = (authorization?: string) =>
    get(url, { headers: { accept: ACCEPT, ...(authorization !== undefined && { authorization }) } }).catch(
      (error: unknown) => {
        throw new EvidentError('unavailable', `cannot reach registry ${image.registry}: ${messageOf(error)}`);
      },
    );
  let response = await attempt(basic === undefined ? undefined : `Basic ${basic}`);
  if (response.status === 401) {
    const challenge = response.headers.get('www-authenticate') ?? '';
    const token = await bearerToken(image.registry, challenge, basic, get);
    response = await attempt(`Bearer ${token}`);
    if (response.status === 401 || response.status === 403) {
      // The token service vouched for the credentials but granted less than `pull`: the registry checks
      // the token's `access` claim against the scope it asked for (distribution token spec, "Using the
      // Bearer token"), and says `error="insufficient_scope"` in its new challenge (RFC 6750 §3.1).
      const error = challengeParams(response.headers.get('www-authenticate') ?? '').get('error');
      throw new EvidentError(
        'unauthorized',
        `registry ${image.registry} answered ${response.status}${error === undefined ? '' : ` (${error})`} for ` +
          `${image.repository}:${image.reference} even with a token from its token service: ` +
          `the credentials do not grant pull access to ${image.repository}`,
      );
    }
  }
  if (!response.ok) {
    throw new EvidentError(
      response.status === 404
        ? 'not_found'
        : response.status === 401 || response.status === 403
          ? 'unauthorized'
          : 'unavailable',
      `registry ${image.registry} answered ${response.status} for ${image.repository}:${image.reference}`,
    );
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_MANIFEST_BYTES)
    throw new EvidentError('invalid_evidence', 'the manifest is implausibly large');
  const digest = createHash('sha256').update(bytes).digest('hex');
  const claimed = response.headers.get('docker-content-digest');
  if (claimed !== null && claimed !== `sha256:${digest}`) {
    throw new EvidentError(
      'tampered',
      `registry ${image.registry} claims ${claimed} but its manifest hashes to sha256:${digest}`,
    );
  }
  return digest;
}

/** The auth-params of a `WWW-Authenticate` challenge (RFC 7235 §2.1), as registries send them: quoted. */
function challengeParams(challenge: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [, key, value] of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
    if (key !== undefined && value !== undefined) params.set(key, value);
  }
  return params;
}

/**
 * Docker token authentication (distribution docs/spec/auth/token.md): fetch a bearer token from the
 * realm the challenge names, for the service and scope it names, sending the basic credentials if any.
 * Errors name the registry and the token service, never the credentials.
 */
async function bearerToken(
  registry: string,
  challenge: string,
  basic: string | undefined,
  get: typeof fetch,
): Promise<string> {
  const params = challengeParams(challenge);
  const realmText = params.get('realm');
  if (!/^Bearer /i.test(challenge) || realmText === undefined) {
    throw new EvidentError(
      'unauthorized',
      `registry ${registry} wants credentials this client cannot provide (${challenge || 'no challenge'})`,
    );
  }
  let realm: URL;
  try {
    realm = new URL(realmText);
  } catch {
    throw new EvidentError(
      'unavailable',
      `registry ${registry} names a token service that is no URL: ${realmText}`,
    );
  }
  const serviceName = params.get('service');
  if (serviceName !== undefined) realm.searchParams.set('service', serviceName);
  // Several scopes in one challenge are space-separated; the token endpoint takes one parameter each
  // (distribution "Token Authentication Specification", "Requesting a Token").
  for (const scope of (params.get('scope') ?? '').split(' ').filter((s) => s !== ''))
    realm.searchParams.append('scope', scope);
  const service = `the token service ${realm.origin} of registry ${registry}`;
  // The realm is usually another host or port than the registry: a network failure there is the same
  // kind of failure as one reaching the registry, not an unexpected exception.
  const response = await get(realm, {
    headers: basic === undefined ? {} : { authorization: `Basic ${basic}` },
  }).catch((error: unknown) => {
    throw new EvidentError('unavailable', `cannot reach ${service}: ${messageOf(error)}`);
  });
  if (response.status === 401 || response.status === 403) {
    // "If an attempt to authenticate to the token server fails, the token server should return a 401"
    // (token spec, "Requesting a Token"); whether anonymous clients get a token is its policy.
    const refused =
      basic === undefined
        ? `anonymous access (the Docker config has no credentials for ${registry})`
        : `the credentials the Docker config has for ${registry}`;
    throw new EvidentError('unauthorized', `${service} refused ${refused} (${response.status})`);
  }
  if (!response.ok) throw new EvidentError('unavailable', `${service} answered ${response.status}`);
  // The token spec's response has `token`; OAuth 2.0 servers send `access_token` (RFC 6749 §5.1), which
  // the spec accepts as an alias. Anything else (HTML from a proxy, `{}`) is a broken service.
  const body: unknown = await response.json().catch(() => undefined);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const token = [fields.token, fields.access_token].find((t) => typeof t === 'string' && t !== '');
  if (typeof token !== 'string') throw new EvidentError('unavailable', `${service} sent no token`);
  return token;
}

/** `auths.<registry>.auth` (base64 user:password) from the Docker config, if any. */
function basicCredentials(registry: string, configPath?: string): string | undefined {
  const file = configPath ?? join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
  try {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> };
    return config.auths?.[registry]?.auth ?? config.auths?.[`https://${registry}`]?.auth;
  } catch {
    return undefined;
  }
}
