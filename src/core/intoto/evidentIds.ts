/*
 * The identifiers Evident's in-toto export uses where a spec asks for a URI (README "Standard formats:
 * in-toto"). They are identities, not locations: the server's origin is a log name (C2SP checkpoint
 * origin, by default `evident-<random>.localhost`) that need not resolve, so nothing here is an
 * https URL of the server. `urn:evident:` ids name their parts in order, each percent-encoded
 * (encodeURIComponent), so a `:` or `/` inside a part cannot be mistaken for a separator.
 */

const urn = (kind: string, ...parts: readonly (string | number)[]) =>
  `urn:evident:${kind}:${parts.map((p) => encodeURIComponent(String(p))).join(':')}`;

/** The server's origin without a scheme (a log origin is a schema-less name; tolerate one given). */
const bare = (origin: string) => origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');

/** GitHub's own id for its platform (actions/runner); Evident cannot tell github-hosted from self-hosted. */
export const GITHUB_ACTIONS_BUILDER = 'https://github.com/actions/runner';
/** The builder of a build whose CI system Evident did not record (no build URL was reported). */
export const UNRECORDED_BUILDER = 'urn:evident:builder:unrecorded';

/**
 * SLSA provenance v1 `runDetails.builder.id`: the build PLATFORM, the same for every run on it, derived
 * from the build URL the pipeline reported (Evident records no other trace of the CI system).
 * github.com Actions runs: GITHUB_ACTIONS_BUILDER. Other CI servers: their base URL — the URL's origin,
 * with the path kept up to the system's own run part where the server may live under a path (Jenkins
 * `/job/`, Azure DevOps `/{project}/_build/`, TeamCity `/viewLog.html`, `/buildConfiguration/`). No URL, or
 * not an http(s) one: UNRECORDED_BUILDER.
 */
export function builderIdOf(buildUrl: string | null): string {
  if (buildUrl === null || !URL.canParse(buildUrl)) return UNRECORDED_BUILDER;
  const url = new URL(buildUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return UNRECORDED_BUILDER;
  if (url.hostname === 'github.com' && /^\/[^/]+\/[^/]+\/actions\/runs\/\d+/.test(url.pathname))
    return GITHUB_ACTIONS_BUILDER;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const at = (name: string) => segments.indexOf(name);
  let keep = 0;
  if (at('job') >= 0) keep = at('job');
  else if (at('_build') >= 1) keep = at('_build') - 1;
  else if (at('viewLog.html') >= 0) keep = at('viewLog.html');
  else if (at('buildConfiguration') >= 0) keep = at('buildConfiguration');
  return [url.origin, ...segments.slice(0, keep)].join('/');
}

/** SLSA VSA v1 `verifier.id`: this Evident server, named by its log origin. */
export function verifierIdOf(origin: string): string {
  return urn('verifier', bare(origin));
}

/**
 * SLSA VSA v1 `resourceUri`: the artifact's own identity. Evident records only its SHA-256 (no purl or
 * image reference), so it is named by that digest with RFC 6920 (`ni:///sha-256;` + base64url of the
 * same 32 bytes as the subject's hex `digest.sha256`): a registered scheme that needs no authority.
 */
export function resourceUriOf(fingerprint: string): string {
  return `ni:///sha-256;${Buffer.from(fingerprint, 'hex').toString('base64url')}`;
}

/** SLSA VSA v1 `policy.uri`: a flow's template at a version, or a trail's own template. */
export function templateUriOf(
  origin: string,
  org: string,
  flow: string,
  of: { readonly version: number } | { readonly trail: string },
): string {
  return 'trail' in of
    ? urn('template', bare(origin), org, flow, 'trail', of.trail)
    : urn('template', bare(origin), org, flow, `v${of.version}`);
}

/**
 * SLSA VSA v1 `inputAttestations[].uri`: the ledger entry of an attestation, in the log with the
 * checkpoint origin `<origin>/<org>`; fetched with `GET /api/v1/orgs/{org}/log/entries?start=I&end=I+1`.
 */
export function logEntryUriOf(origin: string, org: string, index: number): string {
  return urn('log-entry', bare(origin), org, index);
}
