import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAttestationType } from '../compliance/evaluators.ts';
import { isEvidentError } from '../errors.ts';
import { parsePolicy } from './policy.ts';

const checkType = (type: string) => checkAttestationType(type, undefined);
const FP = 'ab'.repeat(32);

test('the policy of DESIGN §4 parses, with defaults filled in', () => {
  const policy = parsePolicy(
    `version: 1
artifacts:
  provenance: { required: true, exceptions: [ 'artifact.name.startsWith("docker.io/library/")' ] }
  trail-compliance: { required: true }
  attestations:
    - { name: image-scan, type: trivy }
    - { name: pen-test, type: generic, if: 'environment.name == "prod"' }
  approval: { required: true, approvers: 2, excludeCommitAuthors: true }
allow:
  - { fingerprint: "sha256:${FP.toUpperCase()}", reason: "vendor appliance, INC-4411" }
`,
    checkType,
  );
  assert.deepEqual(policy, {
    version: 1,
    provenance: { required: true, exceptions: ['artifact.name.startsWith("docker.io/library/")'] },
    trailCompliance: { required: true, exceptions: [] },
    attestations: [
      { name: 'image-scan', type: 'trivy' },
      { name: 'pen-test', type: 'generic', if: 'environment.name == "prod"' },
    ],
    approval: { required: true, approvers: 2, excludeCommitAuthors: true },
    exceptions: [],
    allow: [{ fingerprint: FP, reason: 'vendor appliance, INC-4411' }],
  });
  assert.deepEqual(parsePolicy('version: 1', checkType), {
    version: 1,
    provenance: { required: false, exceptions: [] },
    trailCompliance: { required: false, exceptions: [] },
    attestations: [],
    approval: null,
    exceptions: [],
    allow: [],
  });
});

test('a bad policy is refused saying where', () => {
  const cases: [string, RegExp][] = [
    ['version: 2', /policy: version must be 1/],
    ['version: 1\nartifact: {}', /the policy has unknown key\(s\) artifact/],
    [
      'version: 1\nartifacts: { provenance: { required: "yes" } }',
      /artifacts.provenance.required must be true or false/,
    ],
    [
      'version: 1\nartifacts: { attestations: [ { name: scan, type: nessus } ] }',
      /artifacts.attestations\[0\] \(scan\): unknown attestation type "nessus"/,
    ],
    [
      'version: 1\nartifacts: { attestations: [ { name: a, type: junit }, { name: a, type: junit } ] }',
      /names "a" twice/,
    ],
    ["version: 1\nexceptions: [ 'artifact.name.startsWith(' ]", /exceptions\[0\]: .*does not compile/],
    [
      "version: 1\nexceptions: [ 'artifact.instances + 1' ]",
      /exceptions\[0\]: .*must be a boolean expression/,
    ],
    ["version: 1\nexceptions: [ 'data.line > 1' ]", /exceptions\[0\]: .*does not (compile|type-check)/],
    ['version: 1\nexceptions: [ \'artifact.name.matches("(a+)+$")\' ]', /regular expression that is refused/],
    ['version: 1\nallow: [ { fingerprint: abc, reason: x } ]', /allow\[0\].fingerprint must be a SHA-256/],
    [`version: 1\nallow: [ { fingerprint: ${FP}, reason: " " } ]`, /allow\[0\].reason must say why/],
    [
      'version: 1\nartifacts: { approval: { approvers: 0 } }',
      /approvers must be a whole number from 1 to 10/,
    ],
    ['version: 1\n  bad: [', /policy is not valid YAML or JSON/],
  ];
  for (const [source, message] of cases) {
    assert.throws(
      () => parsePolicy(source, checkType),
      (error: unknown) => isEvidentError(error, 'bad_request') && message.test(error.message),
      source,
    );
  }
});
