import { bearer, errors, json, jsonBody, orgParam, pathParam, problem } from './openapiParts.ts';

/** in-toto export and import (issue #8 §4; README "Standard formats: in-toto"). */
export const inTotoPaths = {
  '/api/v1/orgs/{org}/artifacts/{fingerprint}/intoto': {
    get: {
      summary: 'The artifact as in-toto Statements v1, JSON Lines (an in-toto bundle of unsigned statements)',
      description:
        'For every trail that reported the fingerprint: SLSA provenance v1 (build type urn:evident:slsa-build-type:ci-pipeline:v1), a test-result v0.1 statement per junit attestation, a vulns v0.2 statement per trivy or snyk attestation, and a SLSA verification summary v1 of Evident’s compliance decision. One Statement a line. The statements are not signed: the ledger anchors the facts they are built from. Any role of the org.',
      security: bearer,
      parameters: [orgParam, pathParam('fingerprint')],
      responses: {
        '200': {
          description: 'JSON Lines, one in-toto Statement v1 a line',
          content: { 'application/vnd.in-toto.bundle': { schema: { type: 'string' } } },
        },
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/flows/{flow}/trails/{trail}/intoto': {
    post: {
      summary: 'Import an in-toto file from the evidence vault as intoto attestations',
      description:
        'Upload the file first (PUT /evidence/{sha256}). It may be a Statement (v1 or v0.1), a DSSE envelope (payloadType application/vnd.in-toto+json), a Sigstore bundle with a dsseEnvelope, or JSON Lines of them. Each statement becomes one intoto attestation per sha256 subject, bound to the artifact of that fingerprint, or one trail attestation when it has none (or only a malformed one). A `name` that would give two attestations of one target (an artifact, or the trail) the same name is refused (400), since only the latest of a name counts. With `keys` (PEM public keys or X.509 certificates: Ed25519, ECDSA P-256/P-384, RSA PKCS#1 v1.5 or PSS with SHA-256), every statement must be a DSSE envelope or Sigstore bundle with a signature over the DSSE PAE that verifies under one of them, or nothing is recorded (422 naming the statement); a bad key is 400. The key that verified is recorded as data.signedBy {spkiSha256, pem} and verified again by the evaluator (also offline in audit packages): a forged signedBy is non-compliant. A Sigstore bundle is always checked against its own leaf certificate (identity: SAN, Fulcio OIDC issuer) and must carry a tlog inclusion proof, checked against the root hash it carries (a bundle without one is not compliant); the chain to the Sigstore root, the signed entry timestamp and the checkpoint signature are not verified. Without keys, plain DSSE signatures are reported as not verified, and a plain Statement or an envelope with no signatures as unsigned. A template entry’s `signedBy` param (SPKI SHA-256 digests) makes a signature by one of those keys a condition of compliance. The name defaults to slsa-provenance, test-result, vulns, vsa or intoto by predicate. Writers and admins.',
      security: bearer,
      parameters: [
        orgParam,
        pathParam('flow'),
        pathParam('trail'),
        { $ref: '#/components/parameters/IdempotencyKey' },
      ],
      requestBody: jsonBody({
        type: 'object',
        required: ['evidence'],
        properties: {
          name: { type: 'string' },
          evidence: {
            type: 'object',
            required: ['sha256', 'name'],
            properties: { sha256: { type: 'string' }, name: { type: 'string' } },
          },
          keys: {
            type: 'array',
            minItems: 1,
            maxItems: 10,
            items: { type: 'string', maxLength: 16384 },
            description:
              'PEM public keys (SubjectPublicKeyInfo) or X.509 certificates; every statement must verify under one',
          },
        },
      }),
      responses: {
        '201': json(
          {
            type: 'object',
            properties: {
              attestations: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    statement: { type: 'integer' },
                    predicateType: { type: 'string' },
                    name: { type: 'string' },
                    subject: { type: ['string', 'null'] },
                    artifactReported: { type: 'boolean' },
                    index: { type: 'integer' },
                    compliant: { type: 'boolean' },
                    reasons: { type: 'array', items: { type: 'string' } },
                    signatures: {
                      type: ['object', 'null'],
                      description:
                        'What the evaluation found: count, keyids, verified, verifiedBy {spkiSha256, certificate identity or null}, outcome (one word), note (a sentence, e.g. "unsigned (a plain Statement)")',
                      properties: {
                        count: { type: 'integer' },
                        keyids: { type: 'array', items: { type: 'string' } },
                        verified: { type: 'boolean' },
                        verifiedBy: { type: ['object', 'null'] },
                        outcome: {
                          type: 'string',
                          enum: ['unsigned', 'unverified', 'key', 'sigstore-certificate', 'failed'],
                          description:
                            'unsigned: no signatures; unverified: no key to check them; key: verified under the key given at import; sigstore-certificate: under the bundle’s own certificate (chain not verified); failed: a check failed',
                        },
                        note: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
          'Recorded',
        ),
        '403': problem,
        '422': problem,
        ...errors,
      },
    },
  },
};
