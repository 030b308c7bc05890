import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate } from '../model/template.ts';
import { checkAttestationType } from './evaluators.ts';
import { trailCompliance, type RecordedAttestation } from './trailCompliance.ts';

const API = 'a'.repeat(64);
const SBOM = 'b'.repeat(64);
const template = checkTemplate(
  {
    version: 1,
    trail: {
      attestations: [{ name: 'pull-request', type: 'pull_request' }],
      artifacts: [{ name: 'api', attestations: [{ name: 'unit-tests', type: 'junit' }] }],
    },
  },
  checkAttestationType,
);
let index = 0;
const attestation = (
  name: string,
  type: string,
  compliant: boolean,
  target: { fingerprint?: string; name?: string } = {},
): RecordedAttestation => ({
  index: ++index,
  name,
  type,
  targetFingerprint: target.fingerprint ?? null,
  targetName: target.name ?? null,
  compliant,
  reasons: [],
});

test('compliant when every required attestation exists and the latest of each name is compliant', () => {
  const result = trailCompliance(
    template,
    [{ fingerprint: API, name: 'api' }],
    [
      attestation('pull-request', 'pull_request', true),
      attestation('unit-tests', 'junit', false, { fingerprint: API }),
      attestation('unit-tests', 'junit', true, { name: 'api' }), // later: wins, bound by name
    ],
  );
  assert.deepEqual(result.trail, { compliant: true, reasons: [] });
  assert.deepEqual(result.artifacts.get(API), { compliant: true, reasons: [] });
});

test('missing, mistyped, failing and unreported requirements are each a reason', () => {
  const result = trailCompliance(
    template,
    [{ fingerprint: API, name: 'api' }],
    [
      attestation('pull-request', 'junit', true),
      attestation('unit-tests', 'junit', false, { fingerprint: API }),
    ],
  );
  assert.equal(result.trail.compliant, false);
  assert.equal(result.artifacts.get(API)?.compliant, false);
  assert.equal(result.trail.reasons.length, 2);
  assert.match(
    result.trail.reasons[0] ?? '',
    /attestation "pull-request" is of type junit, the template requires pull_request/,
  );
  const empty = trailCompliance(template, [], []);
  assert.deepEqual(empty.trail.reasons, [
    'the trail lacks the required pull_request attestation "pull-request"',
    'artifact api was not reported',
  ]);
});

test('with a template, an artifact it does not name is not a deliverable: not compliant', () => {
  const result = trailCompliance(
    template,
    [
      { fingerprint: API, name: 'api' },
      { fingerprint: SBOM, name: 'sbom' },
    ],
    [
      attestation('pull-request', 'pull_request', true),
      attestation('unit-tests', 'junit', true, { name: 'api' }),
    ],
  );
  assert.deepEqual(result.artifacts.get(SBOM), {
    compliant: false,
    reasons: ['artifact sbom is not in the template (it names api)'],
  });
  assert.equal(result.trail.compliant, false);
  // Without a template nothing is required and any artifact may be reported.
  const free = trailCompliance(null, [{ fingerprint: SBOM, name: 'sbom' }], []);
  assert.deepEqual(free.trail, { compliant: true, reasons: [] });
});
