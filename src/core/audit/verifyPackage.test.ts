// The package verifier on a log made here, in memory: an honest package verifies; a log whose
// signer recorded a verdict its own evidence contradicts — a server that lies, with every hash and
// signature in order — is caught by re-evaluating the attestation from the packaged evidence.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkAttestationType, evaluateAttestation } from '../compliance/evaluators.ts';
import { loadSamples } from '../compliance/samples.testdata.ts';
import { canonicalBytes, type JsonValue } from '../ledger/canonicalJson.ts';
import { formatCheckpoint } from '../ledger/checkpoint.ts';
import { leafHash, rootOf, splitPoint, toHex } from '../ledger/merkleHash.ts';
import { generateSignerKey, signerFromSkey, signNote } from '../ledger/signedNote.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import { parseTemplate } from '../model/template.ts';
import { assemblePackage } from './assemblePackage.ts';
import { verifyPackage } from './verifyPackage.ts';

const ORIGIN = 'evident.test/acme';
const KEY = generateSignerKey('evident.test', new Uint8Array(32).fill(3));
const ci = { type: 'token', id: 'tok_ci', role: 'writer', serviceAccount: 'ci' } as const;
const FINGERPRINT = 'ab'.repeat(32);

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) over leaf hashes. */
function path(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...path(m, leaves.slice(0, k)), rootOf(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), rootOf(leaves.slice(0, k))];
}

/** A package of a log of `events` (times one second apart), the whole log packaged, signed by KEY. */
function packageOf(
  events: readonly Omit<CommittedEvent, 'index' | 'at'>[],
  evidence: Map<string, Uint8Array>,
) {
  const committed = events.map((e, index) => ({ ...e, index, at: `2026-11-19T02:30:0${index}.000Z` }));
  const bytes = committed.map((e) =>
    canonicalBytes({ v: 1, type: e.type, at: e.at, actor: e.actor, data: e.data }),
  );
  const leaves = bytes.map(leafHash);
  const root = rootOf(leaves);
  const note = signNote(formatCheckpoint({ origin: ORIGIN, size: leaves.length, rootHash: root }), [
    signerFromSkey(KEY.skey),
  ]);
  return assemblePackage({
    org: 'acme',
    origin: ORIGIN,
    subject: { kind: 'trail', flow: 'payments-api', trail: 'build-42' },
    note,
    checkpoint: { size: leaves.length, rootHash: toHex(root) },
    entries: committed.map((event, i) => ({
      event,
      bytes: bytes[i] as Uint8Array,
      proof: path(i, leaves).map(toHex),
    })),
    evidence,
  });
}

/** flow, trail, artifact and a JUnit attestation of real pytest output (2 failures), recorded as `result`. */
function history(recorded: (actual: ReturnType<typeof evaluateAttestation>) => JsonValue) {
  const junit = loadSamples('junit').get('pytest-failures-skips-xfail.xml');
  assert.ok(junit !== undefined);
  const template = parseTemplate(
    'version: 1\ntrail:\n  artifacts:\n    - name: api\n      attestations:\n        - { name: unit-tests, type: junit }\n',
    checkAttestationType,
  ) as unknown as JsonValue;
  const actual = evaluateAttestation({
    type: 'junit',
    params: undefined,
    evidence: [junit],
    data: undefined,
    customType: () => undefined,
  });
  const trail = { flow: 'payments-api', trail: 'build-42' };
  const events: Omit<CommittedEvent, 'index' | 'at'>[] = [
    { type: 'flow.saved', actor: ci, data: { name: 'payments-api', description: '', template } },
    {
      type: 'trail.saved',
      actor: ci,
      data: {
        flow: 'payments-api',
        name: 'build-42',
        description: '',
        commit: null,
        originUrl: null,
        userData: null,
        template: null,
      },
    },
    {
      type: 'artifact.reported',
      actor: ci,
      data: {
        ...trail,
        fingerprint: FINGERPRINT,
        name: 'api',
        filename: null,
        commit: null,
        buildUrl: null,
        repository: null,
      },
    },
    {
      type: 'attestation.recorded',
      actor: ci,
      data: {
        ...trail,
        name: 'unit-tests',
        type: 'junit',
        target: { artifactName: 'api' },
        evidence: [{ name: junit.name, sha256: junit.sha256 }],
        data: null,
        params: null,
        result: recorded(actual),
      },
    },
  ];
  return packageOf(events, new Map([[junit.sha256, junit.bytes]]));
}

const keys = [{ vkey: KEY.vkey }];

describe('verifyPackage', () => {
  it('verifies an honest package: proofs, signature, evidence, verdicts and report', () => {
    const result = verifyPackage(
      history((actual) => ({
        compliant: actual.compliant,
        claimed: actual.claimed,
        summary: actual.summary,
        reasons: [...actual.reasons],
      })),
      keys,
    );
    assert.deepEqual(result.findings, []);
    assert.equal(result.ok, true);
    assert.equal(result.entries, 4);
    assert.equal(result.attestationsReevaluated, 1);
    assert.equal(result.checkpoint?.time, '2026-11-19T02:30:03.000Z');
  });

  it('catches a signed verdict that the packaged evidence contradicts', () => {
    const result = verifyPackage(
      history((actual) => ({ compliant: true, claimed: false, summary: actual.summary, reasons: [] })),
      keys,
    );
    assert.equal(result.ok, false);
    assert.equal(result.findings.length, 1, result.findings.join('\n'));
    assert.match(
      result.findings[0] ?? '',
      /^entries\/3: attestation "unit-tests" \(junit\) re-evaluated from the packaged evidence is NOT compliant \(.*2 .*fail.*\), the entry records compliant$/,
    );
  });

  it('names a summary that differs, by its path', () => {
    const result = verifyPackage(
      history((actual) => ({
        compliant: actual.compliant,
        claimed: actual.claimed,
        summary: { ...actual.summary, failures: 0 },
        reasons: [...actual.reasons],
      })),
      keys,
    );
    assert.match(
      result.findings.join('\n'),
      /^entries\/3: attestation "unit-tests" \(junit\) re-evaluated from the packaged evidence differs from the recorded verdict at \$\.result\.summary\.failures: 2 re-evaluated, 0 recorded$/m,
    );
  });

  it('tells a checkpoint no trusted key signed apart from tampering', () => {
    const stranger = generateSignerKey('evident-stranger', new Uint8Array(32).fill(9)).vkey;
    const result = verifyPackage(
      history((actual) => ({
        compliant: actual.compliant,
        claimed: actual.claimed,
        summary: actual.summary,
        reasons: [...actual.reasons],
      })),
      [{ vkey: stranger }],
    );
    assert.equal(result.ok, false);
    assert.deepEqual(result.findings, []);
    assert.match(
      result.notTrusted.join('\n'),
      /^checkpoint: signed by no key you trust \(the note is signed by /,
    );
  });
});
