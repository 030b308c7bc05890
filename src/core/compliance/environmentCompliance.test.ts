import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicy } from '../model/policy.ts';
import { NO_APPROVALS, type ApprovalFacts } from './approvalGrants.ts';
import { artifactVerdict, type ArtifactFacts, type Provenance } from './environmentCompliance.ts';
import { checkAttestationType } from './evaluators.ts';

const FP = 'c0'.repeat(32);
const policy = (source: string) => ({
  name: 'prod-rules',
  policy: parsePolicy(source, (type) => checkAttestationType(type, undefined)),
});
const build = (
  overrides: Partial<Provenance['trail']> = {},
  attestations: Provenance['attestations'] = [],
) => ({
  flow: { name: 'payments-api', description: 'the payments API' },
  trail: {
    name: 'run-7',
    compliant: true,
    reasons: [],
    commit: 'a'.repeat(40),
    branch: 'main',
    ...overrides,
  },
  artifactName: 'api-image',
  attestations,
});
const facts = (provenance: Provenance[], name = 'registry.example.com/payments/api:1.4'): ArtifactFacts => ({
  artifact: { name, fingerprint: FP, instances: 3 },
  environment: { name: 'prod', type: 'k8s' },
  provenance,
  approvals: NO_APPROVALS,
});
const approvedBy = (...people: string[]): { approvals: ApprovalFacts } => ({
  approvals: {
    since: '2026-11-19T02:30:00.000Z',
    grants: people.map((by) => ({ by, at: '2026-11-19T01:00:00.000Z' })),
  },
});

test('with no policy attached only provenance counts', () => {
  assert.deepEqual(artifactVerdict([], facts([build({ compliant: false })])), {
    compliant: true,
    reasons: [],
  });
  assert.deepEqual(artifactVerdict([], facts([])), {
    compliant: false,
    reasons: ['no provenance: no pipeline reported this fingerprint'],
  });
});

test('each rule of a policy, with its reasons', () => {
  const strict = policy(`version: 1
artifacts:
  provenance: { required: true }
  trail-compliance: { required: true }
  attestations:
    - { name: image-scan, type: trivy }
    - { name: pen-test, type: generic, if: 'environment.name == "prod" && flow.name == "payments-api"' }
    - { name: perf, type: junit, if: 'environment.type == "lambda"' }
  approval: { approvers: 2 }
`);
  assert.deepEqual(artifactVerdict([strict], facts([])).reasons, [
    'policy prod-rules: no provenance: no pipeline reported this fingerprint',
    'policy prod-rules: missing attestation image-scan (trivy)',
    'policy prod-rules: needs 2 approvals to run in prod, has 0',
  ]);
  const failing = build({ compliant: false, reasons: ['unit-tests: 2 of 40 failed'] }, [
    { name: 'image-scan', type: 'trivy', compliant: false },
    { name: 'pen-test', type: 'junit', compliant: true },
  ]);
  assert.deepEqual(artifactVerdict([strict], { ...facts([failing]), ...approvedBy('ann') }).reasons, [
    'policy prod-rules: trail payments-api/run-7 is not compliant: unit-tests: 2 of 40 failed',
    'policy prod-rules: attestation image-scan is not compliant',
    'policy prod-rules: attestation pen-test is junit, the policy requires generic',
    'policy prod-rules: needs 2 approvals to run in prod, has 1',
  ]);
  const passing = build({}, [
    { name: 'image-scan', type: 'trivy', compliant: true },
    { name: 'pen-test', type: 'generic', compliant: true },
  ]);
  assert.deepEqual(artifactVerdict([strict], { ...facts([passing]), ...approvedBy('ann', 'bob') }), {
    compliant: true,
    reasons: [],
  });
  // Any one trail that reported the fingerprint may satisfy the policy.
  assert.equal(
    artifactVerdict([strict], { ...facts([failing, passing]), ...approvedBy('ann', 'bob') }).compliant,
    true,
  );
});

test('exceptions and the allow-list exempt, each as narrowly as written', () => {
  const rules = policy(`version: 1
artifacts:
  provenance: { required: true, exceptions: [ 'artifact.name.startsWith("docker.io/library/")' ] }
  attestations: [ { name: image-scan, type: trivy } ]
exceptions: [ 'artifact.name.startsWith("registry.example.com/tools/")' ]
allow: [ { fingerprint: "${FP}", reason: "vendor appliance, INC-4411" } ]
`);
  const withoutAllow = { ...rules, policy: { ...rules.policy, allow: [] } };
  // The provenance exception lifts provenance only: the scan is still required.
  assert.deepEqual(artifactVerdict([withoutAllow], facts([], 'docker.io/library/redis:7')).reasons, [
    'policy prod-rules: missing attestation image-scan (trivy)',
  ]);
  // A policy-wide exception lifts everything.
  assert.equal(
    artifactVerdict([withoutAllow], facts([], 'registry.example.com/tools/debug:1')).compliant,
    true,
  );
  // The allow-list lifts everything for that fingerprint.
  assert.equal(artifactVerdict([rules], facts([], 'anything')).compliant, true);
});

test('every attached policy must hold; a condition that cannot be evaluated exempts nothing', () => {
  const first = policy('version: 1\nartifacts: { provenance: { required: true } }');
  const second = {
    name: 'scans',
    policy: parsePolicy(
      `version: 1\nartifacts: { attestations: [ { name: image-scan, type: trivy } ] }\nexceptions: [ 'trail.nosuchfield == "x"' ]`,
      (type) => checkAttestationType(type, undefined),
    ),
  };
  assert.deepEqual(artifactVerdict([first, second], facts([build()])).reasons, [
    'policy scans: missing attestation image-scan (trivy)',
  ]);
});
