// The one-line summary of an intoto attestation (the "Found" column of the trail and artifact pages
// and of report.html) says what its signature check came to, from summaries the intoto evaluator
// made of the real samples of shared/samples/intoto and of envelopes signed by openssl keys.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { opensslSigner, signedEnvelope } from '../../../test/support/opensslSigner.ts';
import { evaluateAttestation } from '../compliance/evaluators.ts';
import { parseVerificationKey } from '../intoto/verificationKey.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { attestationSummaryLine } from './attestationSummaryLine.ts';

const SAMPLES = new URL('../../../../shared/samples/intoto/', import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));

/** The summary line of an intoto attestation of `bytes`, evaluated as the server does. */
function line(bytes: Uint8Array, data: { [key: string]: JsonValue }): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { summary } = evaluateAttestation({
    type: 'intoto',
    params: undefined,
    evidence: [{ name: 'f.json', sha256, bytes }],
    data: { statement: 0, ...data },
    customType: () => undefined,
  });
  return attestationSummaryLine('intoto', summary);
}

test('intoto: the signature outcome, after the predicate finding where there is one', () => {
  assert.equal(
    line(sample('slsa-provenance-v1-github-sigstore-bundle.json'), {
      subject: '06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b',
    }),
    'Sigstore: uri:https://github.com/bazel-contrib/publish-to-bcr/.github/workflows/publish.yaml@refs/tags/v0.0.1 (chain not verified)',
  );
  const envelope = sample('slsa-provenance-v0.2-dsse-envelope.json');
  const subject = '2892146b063a94cb4a4318c0e98d38af12dcf2b1e29237486b58463b59607bbd';
  assert.equal(line(envelope, { subject }), 'signature not verified (no key given)');
  // The same envelope with its signing certificate recorded as the key given at import.
  const pem = (JSON.parse(Buffer.from(envelope).toString()) as { signatures: { cert: string }[] })
    .signatures[0]?.cert;
  const certificate = parseVerificationKey(pem ?? '', 'cert');
  assert.equal(
    line(envelope, { subject, signedBy: { spkiSha256: certificate.spkiSha256, pem: certificate.pem } }),
    `signed by key sha256:${certificate.spkiSha256.slice(0, 12)}… (uri:https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0)`,
  );
  assert.equal(
    line(sample('vsa-v1-dsse.json'), { subject: null }),
    'VSA PASSED; signature not verified (no key given)',
  );
  assert.equal(
    line(sample('vulns-v0.2-statement-v1.json'), { subject: null }),
    '8 vulnerability results: 1 CRITICAL, 7 UNKNOWN; unsigned',
  );
  assert.equal(
    line(sample('vulns-v0.2-statement-v1-no-vulns.json'), { subject: null }),
    'no vulnerabilities; unsigned',
  );

  const statement = sample('buildkit-slsa-provenance-v0.2-statement.json');
  const buildkit = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
  assert.equal(line(statement, { subject: buildkit }), 'unsigned');
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  assert.equal(line(bytes(signedEnvelope(statement, [])), { subject: buildkit }), 'unsigned');
  const [signer, stranger] = [opensslSigner('ed25519'), opensslSigner('ed25519')];
  const key = parseVerificationKey(signer.publicPem, 'k');
  const signedBy = { spkiSha256: key.spkiSha256, pem: key.pem };
  assert.equal(
    line(bytes(signedEnvelope(statement, [signer])), { subject: buildkit, signedBy }),
    `signed by key sha256:${key.spkiSha256.slice(0, 12)}…`,
  );
  assert.equal(
    line(bytes(signedEnvelope(statement, [stranger])), { subject: buildkit, signedBy }),
    'signature NOT verified',
  );
});
