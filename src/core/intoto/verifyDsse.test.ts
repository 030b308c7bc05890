// DSSE signature verification (issue #8): the published DSSE test vectors, the DSSE protocol.md
// ECDSA example, keys and signatures made by the openssl CLI over envelopes around the real
// statements of shared/samples/intoto, and the real GitHub Sigstore bundle, which must verify against
// its own certificate and stop verifying when one payload byte changes. Judged through the intoto
// attestation type, as the server and `evident verify package` judge it.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluateAttestation } from '../compliance/evaluators.ts';
import { isEvidentError } from '../errors.ts';
import { ed25519PublicKey } from '../ledger/ed25519.ts';
import { dssePae } from './dssePae.ts';
import { opensslSigner, signedEnvelope, type OpensslKind } from '../../../test/support/opensslSigner.ts';
import { readInToto } from './readInToto.ts';
import { signersOf } from './signersOf.ts';
import { parseVerificationKey } from './verificationKey.ts';
import { verifySignature } from './verifyDsse.ts';

const SAMPLES = new URL('../../../../shared/samples/intoto/', import.meta.url);
const VECTORS = new URL('../../../test/vectors/dsse/vectors.json', import.meta.url);
const BUNDLE = 'slsa-provenance-v1-github-sigstore-bundle.json';
const BUNDLE_SUBJECT = '06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b';

type Json = Record<string, unknown>;
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const b64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

function file(name: string, bytes: Uint8Array) {
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}
const jsonFile = (value: unknown) => file('signed.json', new TextEncoder().encode(JSON.stringify(value)));

const judge = (evidence: ReturnType<typeof file>, data: Json) =>
  evaluateAttestation({
    type: 'intoto',
    params: undefined,
    evidence: [evidence],
    data: data as never,
    customType: () => undefined,
  });

test('the DSSE test vectors: PAE bytes, and each signature against the keys of RFC 8032 §7.1', () => {
  const { keys, vectors } = JSON.parse(readFileSync(VECTORS, 'utf8')) as {
    keys: Record<string, { public: string }>;
    vectors: {
      id: string;
      envelope: { payload: string; payloadType: string; signatures: { sig: string; keyid?: string }[] };
      pae: string;
      threshold: number;
      expect: string;
    }[];
  };
  const key = (name: string) =>
    ed25519PublicKey(new Uint8Array(Buffer.from(keys[name]?.public ?? '', 'hex')));
  assert.equal(vectors.length, 9);
  for (const v of vectors) {
    const payload = new Uint8Array(
      Buffer.from(v.envelope.payload, /[-_]/.test(v.envelope.payload) ? 'base64url' : 'base64'),
    );
    const pae = dssePae(v.envelope.payloadType, payload);
    const signed = Buffer.from(v.pae, 'hex');
    // The PAE of the envelope as it claims to be: equal to what was signed unless the type was swapped.
    assert.equal(Buffer.from(pae).equals(signed), v.id !== 'payload-type-swapped', v.id);
    const verified = v.envelope.signatures.map((s) =>
      ['A', 'B'].some((k) =>
        verifySignature(
          key(k),
          pae,
          new Uint8Array(Buffer.from(s.sig, /[-_]/.test(s.sig) ? 'base64url' : 'base64')),
        ),
      ),
    );
    if (v.threshold === 1 && v.id !== 'empty-payload-type')
      assert.deepEqual(verified, [v.expect === 'accept'], v.id);
    // Threshold two: distinct valid signers are counted; the same key twice is one.
    if (v.threshold === 2) assert.ok(verified.every(Boolean), v.id);
  }
  // empty-payload-type: the signature is valid, the type is refused (only in-toto payloads are read).
  const empty = vectors.find((v) => v.id === 'empty-payload-type');
  assert.throws(() => readInToto(jsonFile(empty?.envelope)), /payloadType is ""/);
  // The reader takes the URL-safe alphabet too (protocol.md: verifiers MUST accept either).
  const vsa = JSON.parse(Buffer.from(sample('vsa-v1-dsse.json')).toString()) as {
    payload: string;
    signatures: { sig: string }[];
  };
  const urlSafe = {
    ...vsa,
    payload: Buffer.from(b64(vsa.payload)).toString('base64url'),
    signatures: vsa.signatures.map((x) => ({ sig: Buffer.from(b64(x.sig)).toString('base64url') })),
  };
  const [plain, safe] = [vsa, urlSafe].map((e) => readInToto(jsonFile(e))[0]?.envelope);
  assert.deepEqual(safe, { ...plain, signatures: plain?.signatures.map((x) => ({ ...x, keyid: '' })) });
});

test('the DSSE protocol.md example: ECDSA P-256, raw r‖s signature over "DSSEv1 29 http://example.com/HelloWorld 11 hello world"', () => {
  const pae = dssePae('http://example.com/HelloWorld', new TextEncoder().encode('hello world'));
  assert.equal(Buffer.from(pae).toString(), 'DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  const coordinate = (decimal: string) =>
    Buffer.from(BigInt(decimal).toString(16).padStart(64, '0'), 'hex').toString('base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: coordinate('46950820868899156662930047687818585632848591499744589407958293238635476079160'),
      y: coordinate('5640078356564379163099075877009565129882514886557779369047442380624545832820'),
    },
    format: 'jwk',
  });
  const sig = b64('A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==');
  assert.equal(verifySignature(key, pae, sig), true);
  assert.equal(
    verifySignature(
      key,
      dssePae('http://example.com/HelloWorld', new TextEncoder().encode('hello world!')),
      sig,
    ),
    false,
  );
});

test('openssl keys of each type sign envelopes around the real statements; wrong key, payload and type fail', () => {
  const statements = [
    'buildkit-slsa-provenance-v0.2-statement.json',
    'vulns-v0.2-statement-v1-no-vulns.json',
  ].map(sample);
  const kinds: OpensslKind[] = ['ed25519', 'p256', 'p384', 'rsa', 'rsa-pss'];
  const signers = kinds.map(opensslSigner);
  const other = opensslSigner('ed25519');
  for (const [i, signer] of signers.entries()) {
    const kind = kinds[i];
    const key = parseVerificationKey(signer.publicPem, kind ?? '');
    const wrong = parseVerificationKey(other.publicPem, 'other');
    for (const statement of statements) {
      const envelope = signedEnvelope(statement, [signer]);
      const read = readInToto(jsonFile(envelope));
      assert.deepEqual(signersOf(read, [wrong, key], 'signed.json'), [key], kind);
      assert.throws(
        () => signersOf(read, [wrong], 'signed.json'),
        (e) =>
          isEvidentError(e, 'invalid_evidence') &&
          /statement 0 of signed\.json: none of its 1 DSSE signature verifies/.test(e.message),
      );
      // One payload byte changed (still a statement): no signature verifies.
      const altered = Buffer.from(statement).toString().replace('"predicateType"', ' "predicateType"');
      const tampered = readInToto(
        jsonFile({ ...envelope, payload: Buffer.from(altered).toString('base64') }),
      );
      assert.throws(() => signersOf(tampered, [key], 'signed.json'), /none of its 1 DSSE signature/, kind);
    }
    // The signature binds the payload type: signed as another type, it does not verify as in-toto.
    const retyped = signedEnvelope(
      statements[0] ?? new Uint8Array(),
      [signer],
      'application/vnd.in-toto+jsonx',
    );
    const read = readInToto(jsonFile({ ...retyped, payloadType: 'application/vnd.in-toto+json' }));
    assert.throws(() => signersOf(read, [key], 'x'), /none of its 1 DSSE signature/, kind);
  }
  // Empty signatures and plain statements are refused when keys are given, accepted without.
  const key = parseVerificationKey(other.publicPem, 'k');
  const unsigned = readInToto(jsonFile({ ...signedEnvelope(statements[0] ?? new Uint8Array(), []) }));
  assert.throws(
    () => signersOf(unsigned, [key], 'f'),
    /^EvidentError: statement 0 of f: the envelope is unsigned \(no DSSE signatures\)/,
  );
  assert.throws(
    () => signersOf(readInToto(file('p.json', statements[1] ?? new Uint8Array())), [key], 'f'),
    /statement 0 of f is a plain Statement/,
  );
  assert.deepEqual(signersOf(unsigned, [], 'f'), [null]);
});

test('data.signedBy is verified again from the evidence: a forged claim is non-compliant with the reason', () => {
  const signer = opensslSigner('p256');
  const other = opensslSigner('ed25519');
  const statement = sample('buildkit-slsa-provenance-v0.2-statement.json');
  const evidence = jsonFile(signedEnvelope(statement, [signer]));
  const subject = 'd1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69';
  const key = parseVerificationKey(signer.publicPem, 'k');
  const otherKey = parseVerificationKey(other.publicPem, 'o');
  const honest = judge(evidence, {
    statement: 0,
    subject,
    signedBy: { spkiSha256: key.spkiSha256, pem: key.pem },
  });
  assert.deepEqual([honest.compliant, honest.reasons], [true, []]);
  assert.deepEqual(honest.summary.signatures, {
    count: 1,
    keyids: [''],
    verified: true,
    verifiedBy: { spkiSha256: key.spkiSha256, certificate: null },
    outcome: 'key',
    note: `verified by key sha256:${key.spkiSha256}, given at import`,
  });
  const forged = (signedBy: Json, reason: RegExp) => {
    const result = judge(evidence, { statement: 0, subject, signedBy });
    assert.equal(result.compliant, false);
    assert.match(result.reasons.join(' '), reason);
    assert.equal((result.summary.signatures as Json).verified, false);
  };
  forged(
    { spkiSha256: otherKey.spkiSha256, pem: otherKey.pem },
    /No DSSE signature of the statement verifies under the recorded key sha256:/,
  );
  forged({ spkiSha256: key.spkiSha256, pem: otherKey.pem }, /SPKI SHA-256 is [0-9a-f]{64}, not the/);
  forged(
    { spkiSha256: key.spkiSha256, pem: 'not a key' },
    /recorded signing key is unusable: data\.signedBy\.pem: no PEM block/,
  );
  const plain = file('plain.json', statement);
  const claimed = judge(plain, {
    statement: 0,
    subject,
    signedBy: { spkiSha256: key.spkiSha256, pem: key.pem },
  });
  assert.match(claimed.reasons.join(' '), /not signed \(a plain Statement\), yet a signing key is recorded/);
  assert.throws(
    () => judge(evidence, { statement: 0, subject, signedBy: { pem: key.pem } }),
    (e) => isEvidentError(e, 'invalid_evidence'),
  );
  // Without a key, a plain DSSE signature is reported as not verified, and does not fail.
  const unverified = judge(evidence, { statement: 0, subject });
  assert.equal(unverified.compliant, true);
  assert.equal((unverified.summary.signatures as Json).note, 'not verified: no key was given');
});

test('keys: PEM public keys and certificates; private keys, junk and unsupported algorithms refused', () => {
  const signer = opensslSigner('ed25519');
  const key = parseVerificationKey(`comment\n${signer.publicPem}`, 'k');
  const der = createPublicKey(signer.publicPem).export({ type: 'spki', format: 'der' });
  assert.equal(key.spkiSha256, createHash('sha256').update(der).digest('hex'));
  const refused = (pem: string, reason: RegExp) =>
    assert.throws(
      () => parseVerificationKey(pem, 'keys[0]'),
      (e) => isEvidentError(e, 'bad_request') && reason.test(e.message),
    );
  refused(signer.privatePem, /keys\[0\]: a private key; give the public key/);
  refused('hello', /no PEM block/);
  refused(`${signer.publicPem}${signer.publicPem}`, /2 PEM blocks/);
  refused('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', /not a readable public key/);
  refused(
    '-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----',
    /a PEM "RSA PUBLIC KEY" block/,
  );
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey;
  refused(
    k1.export({ type: 'spki', format: 'pem' }).toString(),
    /ECDSA key on secp256k1; P-256 and P-384 are supported/,
  );
  // The certificate of the sample DSSE envelope (slsa-github-generator puts it in the signature).
  const envelope = JSON.parse(Buffer.from(sample('slsa-provenance-v0.2-dsse-envelope.json')).toString()) as {
    signatures: { cert: string }[];
  };
  const pem = envelope.signatures[0]?.cert ?? '';
  const certificate = parseVerificationKey(pem, 'cert');
  assert.equal(certificate.pem, new X509Certificate(pem).toString());
  assert.deepEqual(certificate.certificate?.subjectAlternativeNames, [
    'uri:https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0',
  ]);
  assert.equal(certificate.certificate.oidcIssuer, 'https://token.actions.githubusercontent.com');
  // A real-world ECDSA P-256 vector: that certificate verifies the envelope's own signature.
  const read = readInToto(file('e.json', sample('slsa-provenance-v0.2-dsse-envelope.json')));
  assert.deepEqual(signersOf(read, [certificate], 'e.json'), [certificate]);
});

test('the real GitHub Sigstore bundle verifies against its own certificate; a changed payload byte does not', () => {
  const bytes = sample(BUNDLE);
  const result = judge(file(BUNDLE, bytes), { statement: 0, subject: BUNDLE_SUBJECT });
  assert.deepEqual([result.compliant, result.reasons], [true, []]);
  const signatures = result.summary.signatures as Json;
  assert.equal(signatures.verified, true);
  assert.match(
    String(signatures.note),
    /^verified by the Sigstore bundle's own key sha256:[0-9a-f]{64} \(certificate for uri:https:\/\/github\.com\/bazel-contrib\/publish-to-bcr\/\.github\/workflows\/publish\.yaml@refs\/tags\/v0\.0\.1, OIDC issuer https:\/\/token\.actions\.githubusercontent\.com\); its chain to the Sigstore root is not verified$/,
  );
  const sigstore = result.summary.sigstore as Json;
  assert.equal(sigstore.signatureVerified, true);
  assert.deepEqual((sigstore.certificate as Json).oidcIssuer, 'https://token.actions.githubusercontent.com');
  assert.match(
    String(sigstore.notVerified),
    /chain to the Sigstore \(Fulcio\) root, Rekor's signed entry timestamp and the checkpoint signature/,
  );
  assert.deepEqual(sigstore.tlogEntries, [
    {
      logIndex: '188622862',
      integratedTime: '1743032850',
      matchesEnvelope: true,
      inclusionProof: {
        verified: true,
        treeSize: 66718601,
        rootHash: Buffer.from('b9PqWdvjFibQVr/AxhtI5QtxZRDsyawcQjhN/t/l2hs=', 'base64').toString('hex'),
      },
    },
  ]);

  const bundle = JSON.parse(Buffer.from(bytes).toString()) as {
    dsseEnvelope: { payload: string };
    verificationMaterial: { tlogEntries: { inclusionProof: { hashes: string[] } }[] };
  };
  // One payload byte changed: a space added inside the statement (still the same statement).
  const payload = Buffer.from(bundle.dsseEnvelope.payload, 'base64')
    .toString()
    .replace('"predicateType"', ' "predicateType"');
  const altered = {
    ...bundle,
    dsseEnvelope: { ...bundle.dsseEnvelope, payload: Buffer.from(payload).toString('base64') },
  };
  const bad = judge(jsonFile(altered), { statement: 0, subject: BUNDLE_SUBJECT });
  assert.equal(bad.compliant, false);
  assert.match(
    bad.reasons.join(' '),
    /The DSSE signature of the Sigstore bundle does not verify under the bundle's own certificate/,
  );
  assert.match(
    bad.reasons.join(' '),
    /tlogEntries\[0\]: the tlog entry's body records another payload hash or signature than the envelope/,
  );
  assert.equal((bad.summary.signatures as Json).verified, false);
  // A proof hash changed: the inclusion proof no longer gives the root hash.
  const [entry] = bundle.verificationMaterial.tlogEntries;
  const hashes = [...(entry?.inclusionProof.hashes ?? [])];
  hashes[0] = Buffer.alloc(32).toString('base64');
  const proof = { ...entry?.inclusionProof, hashes };
  const broken = {
    ...bundle,
    verificationMaterial: {
      ...bundle.verificationMaterial,
      tlogEntries: [{ ...entry, inclusionProof: proof }],
    },
  };
  const unproven = judge(jsonFile(broken), { statement: 0, subject: BUNDLE_SUBJECT });
  assert.match(
    unproven.reasons.join(' '),
    /inclusion proof fails: the inclusion proof gives root [0-9a-f]{64}, the bundle says 6fd3ea59/,
  );
});

test('the real GitHub Sigstore bundle without a Rekor inclusion proof is not compliant, and says why', () => {
  const bundle = JSON.parse(Buffer.from(sample(BUNDLE)).toString()) as {
    verificationMaterial: { tlogEntries: Json[] };
  };
  const material = bundle.verificationMaterial;
  const [entry] = material.tlogEntries;
  const withoutProof: Json = { ...entry };
  delete withoutProof.inclusionProof;
  const withoutEntries: Json = { ...material };
  delete withoutEntries.tlogEntries;
  for (const [what, verificationMaterial, which] of [
    ['tlogEntries missing', withoutEntries, 'no tlogEntries'],
    ['tlogEntries empty', { ...material, tlogEntries: [] }, 'no tlogEntries'],
    [
      'no inclusionProof',
      { ...material, tlogEntries: [withoutProof] },
      'tlogEntries[0] has no inclusionProof',
    ],
  ] as const) {
    const result = judge(jsonFile({ ...bundle, verificationMaterial }), {
      statement: 0,
      subject: BUNDLE_SUBJECT,
    });
    assert.equal(result.compliant, false, what);
    assert.deepEqual(
      result.reasons,
      [
        `The Sigstore bundle carries no Rekor inclusion proof (${which}): nothing shows the signature was logged.`,
      ],
      what,
    );
    // The signature itself still verifies under the bundle's certificate; only the logging is unshown.
    assert.equal((result.summary.signatures as Json).outcome, 'sigstore-certificate', what);
  }
});
