import type { JsonValue } from '../ledger/canonicalJson.ts';

/*
 * The in-toto Attestation Framework v1 (https://github.com/in-toto/attestation/tree/main/spec/v1):
 * a Statement binds a typed predicate to subjects (ResourceDescriptors); an Envelope (DSSE) signs it.
 */

export const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** The pre-v1 Statement type, still produced by slsa-github-generator and BuildKit. */
export const STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';
/** DSSE payloadType of an in-toto Statement (spec/v1/envelope.md). */
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** Media type of a bundle: JSON Lines, one attestation a line (spec/v1/bundle.md "Storage convention"). */
export const INTOTO_BUNDLE_MEDIA_TYPE = 'application/vnd.in-toto.bundle';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const TEST_RESULT_V01 = 'https://in-toto.io/attestation/test-result/v0.1';
export const VULNS_V02 = 'https://in-toto.io/attestation/vulns/v0.2';
export const VSA_V1 = 'https://slsa.dev/verification_summary/v1';

/**
 * The SLSA build type of the provenance Evident exports (https://slsa.dev/provenance/v1
 * `buildType`): a build that a CI pipeline reported to Evident. externalParameters are `flow` and
 * `trail` (the Evident names), `repository` and `commit` (as the pipeline reported them);
 * resolvedDependencies holds the source commit as a `gitCommit` digest; runDetails.builder.id is the
 * CI platform (evidentIds.ts builderIdOf), metadata.invocationId the build URL. A URN because Evident has no canonical web home; the README
 * ("Standard formats: in-toto") is its human-readable definition.
 */
export const EVIDENT_BUILD_TYPE = 'urn:evident:slsa-build-type:ci-pipeline:v1';

/** ResourceDescriptor (spec/v1/resource_descriptor.md): at least one of uri, digest, content. */
export interface ResourceDescriptor {
  readonly name?: string;
  readonly uri?: string;
  readonly digest?: Readonly<Record<string, string>>;
  readonly downloadLocation?: string;
  readonly mediaType?: string;
  readonly annotations?: { readonly [key: string]: JsonValue };
}

/** Statement v1 (spec/v1/statement.md). */
export interface Statement {
  readonly _type: string;
  readonly subject: readonly ResourceDescriptor[];
  readonly predicateType: string;
  readonly predicate?: { readonly [key: string]: JsonValue };
}
