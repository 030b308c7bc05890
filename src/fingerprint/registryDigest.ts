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
    const token = await bearerToken(challenge, basic, get);
    response = await attempt(`Bearer ${token}`);
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

/** Docker token authentication: fetch a bearer token from the realm the challenge names. */
async function bearerToken(challenge: string, basic: string | undefined, get: typeof fetch): Promise<string> {
  const params = new Map<string, string>();
  for (const [, key, value] of challenge.matchAll(/(\w+)="([^"]*)"/g)) {
    if (key !== undefined && value !== undefined) params.set(key, value);
  }
  const realmText = params.get('realm');
  if (!/^Bearer /i.test(challenge) || realmText === undefined) {
    throw new EvidentError(
      'unauthorized',
      `the registry wants credentials this client cannot provide (${challenge || 'no challenge'})`,
    );
  }
  const realm = new URL(realmText);
  for (const key of ['service', 'scope']) {
    const value = params.get(key);
    if (value !== undefined) realm.searchParams.set(key, value);
  }
  const response = await get(realm, {
    headers: basic === undefined ? {} : { authorization: `Basic ${basic}` },
  });
  if (!response.ok)
    throw new EvidentError('unauthorized', `the registry's token service answered ${response.status}`);
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (token === undefined)
    throw new EvidentError('unauthorized', "the registry's token service sent no token");
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
