// The intoto template param `signedBy` (issue #8): with it, an attestation complies only when its
// evaluation verifies a signature by one of the listed keys — openssl-made keys signing envelopes
// around the real statements of shared/samples/intoto, and the real GitHub Sigstore bundle, whose own
// certificate counts when its SPKI is listed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { opensslSigner, signedEnvelope } from '../../../test/support/opensslSigner.ts';
import { checkAttestationType, evaluateAttestation } from '../compliance/evaluators.ts';
import { isEvidentError } from '../errors.ts';
import { parseVerificationKey, type VerificationKey } from './verificationKey.ts';

const SAMPLES = new URL('../../../../shared/samples/intoto/', import.meta.url);
const SUBJECT = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
const BUNDLE_SUBJECT = '06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b';
const statement = new Uint8Array(
  readFileSync(new URL('buildkit-slsa-provenance-v0.2-statement.json', SAMPLES)),
);

function file(bytes: Uint8Array) {
  return { name: 'f.json', sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}
const json = (value: unknown) => file(new TextEncoder().encode(JSON.stringify(value)));

function judge(
  evidence: ReturnType<typeof file>,
  signedBy: unknown,
  claim: VerificationKey | null,
  subject = SUBJECT,
) {
  return evaluateAttestation({
    type: 'intoto',
    params: { signedBy },
    evidence: [evidence],
    data: {
      statement: 0,
      subject,
      ...(claim !== null && { signedBy: { spkiSha256: claim.spkiSha256, pem: claim.pem } }),
    },
    customType: () => undefined,
  });
}

test('signedBy: complies only when a listed key verified, and the reason names what was missing', () => {
  const [signer, stranger] = [opensslSigner('p256'), opensslSigner('ed25519')];
  const key = parseVerificationKey(signer.publicPem, 'k');
  const other = parseVerificationKey(stranger.publicPem, 'o');
  const signed = json(signedEnvelope(statement, [signer]));
  const required = `The template requires a signature by key sha256:${key.spkiSha256}; `;

  const ok = judge(signed, [key.spkiSha256], key);
  assert.deepEqual([ok.compliant, ok.reasons], [true, []]);
  // Several keys, any one of them; hex in capitals is the same key.
  assert.equal(judge(signed, [other.spkiSha256, key.spkiSha256.toUpperCase()], key).compliant, true);

  const cases: [string, ReturnType<typeof file>, VerificationKey | null, string[]][] = [
    [
      'no key at import',
      signed,
      null,
      [`${required}no signature of it was verified (no key was given at import).`],
    ],
    [
      'unsigned envelope',
      json(signedEnvelope(statement, [])),
      null,
      [`${required}the statement is unsigned.`],
    ],
    ['plain Statement', file(statement), null, [`${required}the statement is unsigned.`]],
    [
      'another key',
      json(signedEnvelope(statement, [stranger])),
      other,
      [
        `${required}it was verified only by key sha256:${other.spkiSha256}, which the template does not list.`,
      ],
    ],
    [
      'a forged claim',
      json(signedEnvelope(statement, [stranger])),
      key,
      [
        `No DSSE signature of the statement verifies under the recorded key sha256:${key.spkiSha256}.`,
        `${required}no signature of it verified.`,
      ],
    ],
  ];
  for (const [what, evidence, claim, reasons] of cases) {
    const result = judge(evidence, [key.spkiSha256], claim);
    assert.deepEqual([result.compliant, result.reasons], [false, reasons], what);
  }
  const two = judge(file(statement), [key.spkiSha256, other.spkiSha256], null);
  assert.match(
    two.reasons[0] ?? '',
    new RegExp(
      `by one of the keys sha256:${key.spkiSha256}, sha256:${other.spkiSha256}; the statement is unsigned`,
    ),
  );
});

test("signedBy: a Sigstore bundle counts when its own certificate's SPKI is listed", () => {
  const bundle = file(
    new Uint8Array(readFileSync(new URL('slsa-provenance-v1-github-sigstore-bundle.json', SAMPLES))),
  );
  const certificate = (
    evaluateAttestation({
      type: 'intoto',
      params: undefined,
      evidence: [bundle],
      data: { statement: 0, subject: BUNDLE_SUBJECT },
      customType: () => undefined,
    }).summary.sigstore as { certificate: { spkiSha256: string } }
  ).certificate.spkiSha256;
  const ok = judge(bundle, [certificate], null, BUNDLE_SUBJECT);
  assert.deepEqual([ok.compliant, ok.reasons], [true, []]);
  const elsewhere = 'ab'.repeat(32);
  const refused = judge(bundle, [elsewhere], null, BUNDLE_SUBJECT);
  assert.deepEqual(refused.reasons, [
    `The template requires a signature by key sha256:${elsewhere}; it was verified only by the Sigstore bundle's certificate (key sha256:${certificate}), which the template does not list.`,
  ]);
});

test('signedBy: 1 to 20 SPKI SHA-256 digests of 64 hex digits, refused otherwise', () => {
  checkAttestationType('intoto', { signedBy: ['a'.repeat(64)], failOn: ['CRITICAL'] });
  for (const [value, message] of [
    [[], /signedBy must be a list of 1 to 20 SPKI SHA-256 digests/],
    ['a'.repeat(64), /signedBy must be a list of 1 to 20/],
    [
      Array.from({ length: 21 }, (_, i) => i.toString(16).padStart(64, '0')),
      /signedBy must be a list of 1 to 20/,
    ],
    [
      [`sha256:${'a'.repeat(64)}`],
      /signedBy entries must be SPKI SHA-256 digests \(64 hex digits\); got "sha256:a/,
    ],
    [['a'.repeat(63)], /signedBy entries must be/],
    [[7], /signedBy entries must be/],
  ] as const) {
    assert.throws(
      () => checkAttestationType('intoto', { signedBy: value }),
      (e) => isEvidentError(e, 'bad_request') && message.test(e.message),
    );
  }
});
