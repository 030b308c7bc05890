// Every real in-toto file of shared/samples/intoto (its README lists what each holds), read and judged
// by the intoto attestation type; hostile and malformed input refused with invalid_evidence.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { evaluateAttestation } from '../compliance/evaluators.ts';
import { isEvidentError } from '../errors.ts';
import { cvss3BaseScore, highestSeverity } from './cvssSeverity.ts';
import { readInToto, sha256Subjects } from './readInToto.ts';

const SAMPLES = new URL('../../../../shared/samples/intoto/', import.meta.url);

function file(name: string, bytes?: Uint8Array) {
  const data = bytes ?? new Uint8Array(readFileSync(new URL(name, SAMPLES)));
  return { name, sha256: createHash('sha256').update(data).digest('hex'), bytes: data };
}

const judge = (name: string, data: unknown = { statement: 0, subject: null }, params?: unknown) =>
  evaluateAttestation({
    type: 'intoto',
    params,
    evidence: [file(name)],
    data: data as never,
    customType: () => undefined,
  });

test('each sample: wrapper, statement type, predicate type and subjects as the samples README says', () => {
  const expected = [
    [
      'slsa-provenance-v1-github-sigstore-bundle.json',
      'sigstore-bundle',
      'v1',
      'https://slsa.dev/provenance/v1',
      ['06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b'],
      1,
    ],
    ['vsa-v1-dsse.json', 'dsse', 'v1', 'https://slsa.dev/verification_summary/v1', [], 1],
    [
      'slsa-provenance-v0.2-dsse-envelope.json',
      'dsse',
      'v0.1',
      'https://slsa.dev/provenance/v0.2',
      ['2892146b063a94cb4a4318c0e98d38af12dcf2b1e29237486b58463b59607bbd'],
      1,
    ],
    ['vulns-v0.2-statement-v1.json', 'statement', 'v1', 'https://in-toto.io/attestation/vulns/v0.2', [], 0],
    [
      'vulns-v0.2-statement-v1-no-vulns.json',
      'statement',
      'v1',
      'https://in-toto.io/attestation/vulns/v0.2',
      [],
      0,
    ],
    [
      'buildkit-slsa-provenance-v0.2-statement.json',
      'statement',
      'v0.1',
      'https://slsa.dev/provenance/v0.2',
      ['d1fc0de9c6a33e502c488221644de1736c53d8ddb59b0e41b4946fb26af50e69'],
      0,
    ],
  ] as const;
  for (const [name, wrapper, version, predicateType, sha256, signatures] of expected) {
    const [statement, ...more] = readInToto(file(name));
    assert.equal(more.length, 0, name);
    assert.equal(statement?.wrapper, wrapper, name);
    assert.equal(statement.statementType, `https://in-toto.io/Statement/${version}`, name);
    assert.equal(statement.predicateType, predicateType, name);
    assert.equal(statement.subjects.length, 1, name);
    assert.deepEqual(sha256Subjects(statement), [...sha256], name);
    assert.equal(statement.envelope?.signatures.length ?? 0, signatures, name);
  }
  // The VSA's subject has only a gce_image_id digest, the no-vulns one a 40-digit "sha256": no match.
  assert.deepEqual(readInToto(file('vsa-v1-dsse.json'))[0]?.subjects[0]?.digest, {
    gce_image_id: '8970095005306000053',
  });
});

test('verdicts: provenance and a PASSED VSA comply; one CRITICAL vulnerability fails the default failOn', () => {
  const bundle = judge('slsa-provenance-v1-github-sigstore-bundle.json', {
    statement: 0,
    subject: '06ce330900a7d6403bc8d88e5dfad6aeeb8ae40179f66bb89e69c8bf6f6b1a0b',
  });
  assert.equal(bundle.compliant, true);
  assert.equal(bundle.summary.buildType, 'https://actions.github.io/buildtypes/workflow/v1');
  assert.equal((bundle.summary.signatures as { verified: boolean }).verified, true);
  const vsa = judge('vsa-v1-dsse.json');
  assert.equal(vsa.compliant, true);
  assert.equal(vsa.summary.verificationResult, 'PASSED');
  assert.deepEqual(vsa.summary.verifiedLevels, ['BCID_L1', 'SLSA_BUILD_LEVEL_2']);
  assert.match(JSON.stringify(vsa.summary.note), /matches no artifact/);
  const vulns = judge('vulns-v0.2-statement-v1.json');
  assert.equal(vulns.compliant, false);
  assert.deepEqual(vulns.summary.bySeverity, {
    CRITICAL: 1,
    HIGH: 0,
    MEDIUM: 0,
    LOW: 0,
    NONE: 0,
    UNKNOWN: 7,
  });
  assert.match(vulns.reasons[0] ?? '', /GHSA-7rjr-3q55-vv33 \(CRITICAL\)/);
  assert.equal(judge('vulns-v0.2-statement-v1.json', undefined, { failOn: ['UNKNOWN'] }).reasons.length, 1);
  assert.equal(judge('vulns-v0.2-statement-v1.json', undefined, { failOn: ['LOW'] }).compliant, true);
  const noVulns = judge('vulns-v0.2-statement-v1-no-vulns.json');
  assert.equal(noVulns.compliant, true);
  // Its 40-digit "sha256" is named as malformed, not passed off as no sha256 subject at all.
  assert.equal(
    noVulns.summary.note,
    'the sha256 digest of subject[0] is malformed (not 64 hex digits: "3a2bd2c5cc4c978e8aefd8bd0ef335fb42ee31d1"), so the statement matches no artifact',
  );
  assert.equal(vsa.summary.note, 'no subject has a sha256 digest, so the statement matches no artifact');
  assert.equal(judge('buildkit-slsa-provenance-v0.2-statement.json').compliant, true);
  // A subject the statement does not have is refused, not silently bound.
  assert.throws(
    () => judge('vsa-v1-dsse.json', { statement: 0, subject: 'a'.repeat(64) }),
    (e) => isEvidentError(e, 'invalid_evidence'),
  );
  assert.throws(() => judge('vsa-v1-dsse.json', { statement: 1, subject: null }), /holds 1 statements/);
});

test('a failed VSA and a failed test result fail; JSON Lines of several statements are read', () => {
  const envelope = JSON.parse(readFileSync(new URL('vsa-v1-dsse.json', SAMPLES), 'utf8')) as {
    payload: string;
  };
  const vsa = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as {
    predicate: Record<string, unknown>;
  };
  vsa.predicate.verificationResult = 'FAILED';
  const testResult = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha256: 'b'.repeat(64) } }],
    predicateType: 'https://in-toto.io/attestation/test-result/v0.1',
    predicate: { result: 'FAILED', configuration: [], failedTests: ['a.b'] },
  };
  const lines = new TextEncoder().encode(`${JSON.stringify(vsa)}\n\n${JSON.stringify(testResult)}\n`);
  const jsonl = file('bundle.intoto.jsonl', lines);
  assert.equal(readInToto(jsonl).length, 2);
  const run = (data: unknown) =>
    evaluateAttestation({
      type: 'intoto',
      params: undefined,
      evidence: [jsonl],
      data: data as never,
      customType: () => undefined,
    });
  assert.match(run({ statement: 0, subject: null }).reasons[0] ?? '', /says FAILED/);
  assert.match(
    run({ statement: 1, subject: 'b'.repeat(64) }).reasons[0] ?? '',
    /test result is FAILED \(a\.b\)/,
  );
});

test('bad input: clear invalid_evidence errors', () => {
  const envelope = JSON.parse(
    readFileSync(new URL('slsa-provenance-v0.2-dsse-envelope.json', SAMPLES), 'utf8'),
  ) as Record<string, unknown>;
  const bad = (what: unknown, message: RegExp) => {
    const bytes = new TextEncoder().encode(typeof what === 'string' ? what : JSON.stringify(what));
    assert.throws(
      () => readInToto(file('bad.json', bytes)),
      (e) => isEvidentError(e, 'invalid_evidence') && message.test(e.message),
    );
  };
  bad({ ...envelope, payload: '!!not base64!!' }, /the DSSE payload is not base64/);
  // One sentence: the file, that it cannot be read, and why.
  bad(
    { ...envelope, payloadType: 'text/plain' },
    /^evidence file "bad\.json" cannot be read as in-toto: the DSSE payloadType is "text\/plain"; only application\/vnd\.in-toto\+json \(an in-toto Statement\) is read$/,
  );
  bad({ ...envelope, payload: Buffer.from('{"hello":1}').toString('base64') }, /not an in-toto Statement/);
  bad({ ...envelope, signatures: 'none' }, /"signatures" must be an array/);
  bad({ hello: 'world' }, /neither an in-toto Statement, a DSSE envelope nor a Sigstore bundle/);
  bad(
    { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', messageSignature: {} },
    /has no dsseEnvelope/,
  );
  bad({ _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType: 'x' }, /non-empty array/);
  bad(
    { _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'a' }], predicateType: 'x' },
    /neither a digest nor a uri/,
  );
  bad(
    { _type: 'https://in-toto.io/Statement/v1', subject: [{ digest: { sha256: 1 } }], predicateType: 'x' },
    /not a string/,
  );
  bad({ _type: 'https://in-toto.io/Statement/v1', subject: [{ digest: { sha256: 'a' } }] }, /predicateType/);
  bad('{"_type":', /not valid JSON/);
  bad(`${'['.repeat(100)}${']'.repeat(100)}`, /deeper than 64/);
  bad('{}\n{"a":1}\n', /cannot be read as in-toto at line 1: it is neither/);
  const huge = new Uint8Array(8 * 1024 * 1024 + 1).fill(0x20);
  assert.throws(() => readInToto(file('huge.json', huge)), /in-toto files over \d+ bytes are not read/);
  const many = Array.from({ length: 101 }, () => JSON.stringify(envelope)).join('\n');
  bad(many, /at most 100 are read/);
});

test('CVSS v3.1 base scores (specification §7.1) and severity words', () => {
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), 9.8);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'), 6.1);
  assert.equal(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'), 7.5);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H'), 9.0);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), 0);
  assert.equal(cvss3BaseScore('CVSS:4.0/AV:N'), undefined);
  assert.equal(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), undefined);
  assert.equal(highestSeverity(['medium', '5.2']), 'MEDIUM');
  assert.equal(highestSeverity(['Moderate', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']), 'CRITICAL');
  assert.equal(highestSeverity(['whatever']), 'UNKNOWN');
  assert.equal(highestSeverity([]), 'UNKNOWN');
});
