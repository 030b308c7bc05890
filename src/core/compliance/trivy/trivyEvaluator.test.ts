// Real Trivy JSON reports from /work/shared/samples/trivy/ (provenance, licences and the counts
// asserted here: /work/shared/samples/README.md, files table and "Trivy JSON" counts), plus
// synthetic reports for what no sample has (unfixed vulnerabilities, non-failing checks).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { EvidenceFile } from '../evaluation.ts';
import { evidence, loadSamples } from '../sarif/samples.testdata.ts';
import { trivyEvaluator } from './trivyEvaluator.ts';

const samples = loadSamples('trivy');
const sample = (name: string): EvidenceFile => samples.get(name)!;

function evaluate(files: EvidenceFile[], params: unknown = {}) {
  return trivyEvaluator.evaluate({
    evidence: files,
    data: undefined,
    params: trivyEvaluator.parseParams(params),
  });
}

const sev = (c = 0, h = 0, m = 0, l = 0, u = 0) => ({ CRITICAL: c, HIGH: h, MEDIUM: m, LOW: l, UNKNOWN: u });

const EXPECTED: Record<
  string,
  {
    results: number;
    vulnerability: object;
    misconfiguration: object;
    secret: object;
    unique: number;
    uniqueBy: object;
  }
> = {
  'image-alpine-and-jars-mixed-severities.json': {
    results: 3,
    vulnerability: sev(1, 1, 3),
    misconfiguration: sev(),
    secret: sev(),
    unique: 5,
    uniqueBy: sev(1, 1, 3),
  },
  'image-alpine-3.9.json': {
    results: 1,
    vulnerability: sev(2, 0, 4),
    misconfiguration: sev(),
    secret: sev(),
    unique: 3,
    uniqueBy: sev(1, 0, 2),
  },
  'fs-vulns-misconfigs-secrets.json': {
    results: 4,
    vulnerability: sev(0, 1, 1),
    misconfiguration: sev(0, 1),
    secret: sev(2),
    unique: 2,
    uniqueBy: sev(0, 1, 1),
  },
  'image-clean-sle-micro.json': {
    results: 1,
    vulnerability: sev(),
    misconfiguration: sev(),
    secret: sev(),
    unique: 0,
    uniqueBy: sev(),
  },
  'repo-clean-cargo-with-packages.json': {
    results: 1,
    vulnerability: sev(),
    misconfiguration: sev(),
    secret: sev(),
    unique: 0,
    uniqueBy: sev(),
  },
  'config-helm-misconfigurations.json': {
    results: 3,
    vulnerability: sev(),
    misconfiguration: sev(0, 1, 3, 2),
    secret: sev(),
    unique: 0,
    uniqueBy: sev(),
  },
  'repo-secrets.json': {
    results: 1,
    vulnerability: sev(),
    misconfiguration: sev(),
    secret: sev(1, 1),
    unique: 0,
    uniqueBy: sev(),
  },
};

function sum(...counts: object[]): object {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + (v as number);
  return out;
}

describe('trivy evaluator: real reports', () => {
  it('covers every sample file', () => {
    assert.deepEqual([...samples.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`counts ${name}`, () => {
      const { summary } = evaluate([sample(name)]);
      assert.equal(summary.files, 1);
      assert.equal(summary.results, want.results);
      assert.deepEqual(summary.byClass, {
        vulnerability: want.vulnerability,
        misconfiguration: want.misconfiguration,
        secret: want.secret,
      });
      assert.deepEqual(summary.bySeverity, sum(want.vulnerability, want.misconfiguration, want.secret));
      assert.equal(summary.uniqueVulnerabilityIds, want.unique);
      assert.deepEqual(summary.uniqueVulnerabilitiesBySeverity, want.uniqueBy);
      assert.equal(summary.unfixedVulnerabilities, 0);
    });
  }

  const decisions: [string, unknown, Record<string, boolean>][] = [
    [
      'default (failOn: CRITICAL, HIGH)',
      {},
      {
        'image-alpine-and-jars-mixed-severities.json': false,
        'image-alpine-3.9.json': false,
        'fs-vulns-misconfigs-secrets.json': false,
        'image-clean-sle-micro.json': true,
        'repo-clean-cargo-with-packages.json': true,
        'config-helm-misconfigurations.json': false,
        'repo-secrets.json': false,
      },
    ],
    [
      'failOn: [CRITICAL]',
      { failOn: ['CRITICAL'] },
      {
        'image-alpine-and-jars-mixed-severities.json': false,
        'config-helm-misconfigurations.json': true,
        'fs-vulns-misconfigs-secrets.json': false,
        'repo-secrets.json': false,
      },
    ],
    [
      'failOn: [LOW]',
      { failOn: ['LOW'] },
      {
        'image-alpine-and-jars-mixed-severities.json': true,
        'image-alpine-3.9.json': true,
        'config-helm-misconfigurations.json': false,
      },
    ],
    ['failOn: []', { failOn: [] }, { 'repo-secrets.json': true, 'image-alpine-3.9.json': true }],
    ['ignoreUnfixed (all fixed here)', { ignoreUnfixed: true }, { 'image-alpine-3.9.json': false }],
  ];
  for (const [label, params, want] of decisions) {
    it(`decides with ${label}`, () => {
      for (const [name, compliant] of Object.entries(want)) {
        const result = evaluate([sample(name)], params);
        assert.equal(result.compliant, compliant, name);
        assert.equal(result.claimed, false);
        assert.equal(result.reasons.length === 0, compliant, name);
      }
    });
  }

  it('names counts, classes and ids in reasons', () => {
    const { reasons } = evaluate([sample('fs-vulns-misconfigs-secrets.json')]);
    assert.deepEqual(reasons, [
      '4 findings with severity CRITICAL or HIGH (vulnerability HIGH 1; misconfiguration HIGH 1; secret CRITICAL 2): CVE-2021-33503, DS002, github-pat.',
    ]);
  });

  it('sums several evidence files and counts unique IDs across them', () => {
    const { summary } = evaluate([
      sample('image-alpine-3.9.json'),
      sample('image-alpine-and-jars-mixed-severities.json'),
      sample('repo-secrets.json'),
    ]);
    assert.equal(summary.files, 3);
    assert.equal(summary.results, 5);
    assert.equal(summary.findings, 13);
    assert.deepEqual(summary.bySeverity, sev(4, 2, 7));
    assert.equal(summary.uniqueVulnerabilityIds, 8);
    assert.equal((summary.artifacts as unknown[]).length, 3);
  });

  it('is non-compliant without evidence', () => {
    assert.equal(evaluate([]).compliant, false);
  });
});

describe('trivy evaluator: synthetic reports', () => {
  const report = (results: unknown) =>
    evidence('r.json', JSON.stringify({ SchemaVersion: 2, Results: results }));

  it('ignores unfixed vulnerabilities only with ignoreUnfixed', () => {
    const file = report([
      {
        Target: 'x',
        Class: 'os-pkgs',
        Vulnerabilities: [
          { VulnerabilityID: 'CVE-1', Severity: 'CRITICAL', FixedVersion: '' },
          { VulnerabilityID: 'CVE-2', Severity: 'HIGH', Status: 'affected' },
          { VulnerabilityID: 'CVE-3', Severity: 'LOW', FixedVersion: '1.2' },
        ],
      },
    ]);
    const strict = evaluate([file]);
    assert.equal(strict.compliant, false);
    assert.equal(strict.summary.unfixedVulnerabilities, 2);
    assert.equal(evaluate([file], { ignoreUnfixed: true }).compliant, true);
    assert.equal(evaluate([file], { ignoreUnfixed: true, failOn: ['LOW'] }).compliant, false);
  });

  it('counts only failed misconfiguration checks', () => {
    const file = report([
      {
        Target: 'Dockerfile',
        Class: 'config',
        Misconfigurations: [
          { ID: 'DS001', Severity: 'HIGH', Status: 'PASS' },
          { ID: 'DS002', Severity: 'HIGH', Status: 'EXCEPTION' },
          { AVDID: 'AVD-DS-0003', Severity: 'MEDIUM', Status: 'FAIL' },
        ],
      },
    ]);
    const { summary, compliant } = evaluate([file]);
    assert.equal(compliant, true);
    assert.deepEqual((summary.byClass as Record<string, unknown>).misconfiguration, sev(0, 0, 1));
  });

  it('accepts a clean report without Results, and a UTF-8 BOM', () => {
    const clean = evidence('c.json', '\ufeff' + JSON.stringify({ SchemaVersion: 2, ArtifactName: 'img' }));
    const result = evaluate([clean]);
    assert.equal(result.compliant, true);
    assert.equal(result.summary.results, 0);
    assert.deepEqual(result.summary.artifacts, ['img']);
  });
});

describe('trivy evaluator: params', () => {
  const bad = (e: unknown) => isEvidentError(e, 'bad_request');

  it('defaults and accepts valid values', () => {
    assert.deepEqual(trivyEvaluator.parseParams(undefined), {
      failOn: ['CRITICAL', 'HIGH'],
      ignoreUnfixed: false,
    });
    assert.deepEqual(trivyEvaluator.parseParams({ failOn: ['LOW', 'UNKNOWN', 'LOW'], ignoreUnfixed: true }), {
      failOn: ['LOW', 'UNKNOWN'],
      ignoreUnfixed: true,
    });
  });

  it('refuses unknown keys and values', () => {
    for (const p of [
      { failOn: 'CRITICAL' },
      { failOn: ['critical'] },
      { failOn: ['SEVERE'] },
      { failOn: [null] },
      { ignoreUnfixed: 'yes' },
      { severity: ['HIGH'] },
      ['HIGH'],
    ]) {
      assert.throws(() => trivyEvaluator.parseParams(p), bad, JSON.stringify(p));
    }
  });
});

describe('trivy evaluator: hostile and wrong evidence', () => {
  const invalid = (e: unknown) => isEvidentError(e, 'invalid_evidence');
  const alpine = sample('image-alpine-3.9.json');
  const sarif = loadSamples('sarif').get('trivy-image-alpine-3.10.sarif')!;
  const snyk = loadSamples('snyk').get('test-maven-clean.json')!;
  const cases: [string, string | Uint8Array][] = [
    ['garbage', '\u0000\u0001garbage'],
    ['truncated', alpine.bytes.subarray(0, 5000)],
    ['not UTF-8', new Uint8Array([0x7b, 0x7d, 0xff])],
    ['deep nesting', '{"Results":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
    ['a SARIF log', sarif.bytes],
    ['Snyk JSON', snyk.bytes],
    ['a legacy array report', JSON.stringify([{ Target: 'x', Vulnerabilities: [] }])],
    ['SchemaVersion 1', JSON.stringify({ SchemaVersion: 1, Results: [] })],
    ['Results not an array', JSON.stringify({ SchemaVersion: 2, Results: {} })],
    [
      'an unknown severity',
      JSON.stringify({ Results: [{ Vulnerabilities: [{ VulnerabilityID: 'C', Severity: 'BAD' }] }] }),
    ],
    ['a vulnerability without ID', JSON.stringify({ Results: [{ Vulnerabilities: [{ Severity: 'LOW' }] }] })],
    [
      'a misconfiguration without Status',
      JSON.stringify({ Results: [{ Misconfigurations: [{ ID: 'X', Severity: 'LOW' }] }] }),
    ],
  ];
  for (const [label, content] of cases) {
    it(`refuses ${label}`, () => {
      assert.throws(
        () => evaluate([evidence('bad.json', content)]),
        (e: unknown) => {
          assert.ok(invalid(e));
          assert.match((e as Error).message, /"bad\.json"/);
          return true;
        },
      );
    });
  }
});
