// Real Trivy JSON reports from /work/shared/samples/trivy/ (provenance, licences and the counts
// asserted here: /work/shared/samples/README.md, files table and "Trivy JSON" counts), plus
// synthetic reports for what no sample has (unfixed vulnerabilities, non-failing checks).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { EvidenceFile } from '../evaluation.ts';
import * as check from '../evaluatorChecks.testdata.ts';
import { evidence, loadSamples } from '../samples.testdata.ts';
import { trivyEvaluator } from './trivyEvaluator.ts';

const samples = loadSamples('trivy');
const sample = (name: string): EvidenceFile => samples.get(name)!;

const evaluate = check.evaluatorOf(trivyEvaluator);

const sev = (c = 0, h = 0, m = 0, l = 0, u = 0) => ({ CRITICAL: c, HIGH: h, MEDIUM: m, LOW: l, UNKNOWN: u });

interface Expected {
  results: number;
  vulnerability: object;
  misconfiguration: object;
  secret: object;
  unique: number;
  uniqueBy: object;
}

/** A report's expected counts: `results` results, and no findings but those in `found`. */
const want = (results: number, found: Partial<Expected> = {}): Expected => ({
  results,
  vulnerability: sev(),
  misconfiguration: sev(),
  secret: sev(),
  unique: 0,
  uniqueBy: sev(),
  ...found,
});

const EXPECTED: Record<string, Expected> = {
  'image-alpine-and-jars-mixed-severities.json': want(3, {
    vulnerability: sev(1, 1, 3),
    unique: 5,
    uniqueBy: sev(1, 1, 3),
  }),
  'image-alpine-3.9.json': want(1, { vulnerability: sev(2, 0, 4), unique: 3, uniqueBy: sev(1, 0, 2) }),
  'fs-vulns-misconfigs-secrets.json': want(4, {
    vulnerability: sev(0, 1, 1),
    misconfiguration: sev(0, 1),
    secret: sev(2),
    unique: 2,
    uniqueBy: sev(0, 1, 1),
  }),
  'image-clean-sle-micro.json': want(1),
  'repo-clean-cargo-with-packages.json': want(1),
  'config-helm-misconfigurations.json': want(3, { misconfiguration: sev(0, 1, 3, 2) }),
  'repo-secrets.json': want(1, { secret: sev(1, 1) }),
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

  check.itCounts(evaluate, sample, EXPECTED, (summary, want) => {
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

  const decisions: check.Decisions = [
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
  check.itDecides(evaluate, sample, decisions);

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
  /** A report with one result: its Target, its Class, and its findings under `key`. */
  const report = (Target: string, Class: string, key: string, findings: unknown[]) =>
    evidence('r.json', JSON.stringify({ SchemaVersion: 2, Results: [{ Target, Class, [key]: findings }] }));

  it('ignores unfixed vulnerabilities only with ignoreUnfixed', () => {
    const file = report('x', 'os-pkgs', 'Vulnerabilities', [
      { VulnerabilityID: 'CVE-1', Severity: 'CRITICAL', FixedVersion: '' },
      { VulnerabilityID: 'CVE-2', Severity: 'HIGH', Status: 'affected' },
      { VulnerabilityID: 'CVE-3', Severity: 'LOW', FixedVersion: '1.2' },
    ]);
    const strict = evaluate([file]);
    assert.equal(strict.compliant, false);
    assert.equal(strict.summary.unfixedVulnerabilities, 2);
    assert.equal(evaluate([file], { ignoreUnfixed: true }).compliant, true);
    assert.equal(evaluate([file], { ignoreUnfixed: true, failOn: ['LOW'] }).compliant, false);
  });

  it('counts only failed misconfiguration checks', () => {
    const file = report('Dockerfile', 'config', 'Misconfigurations', [
      { ID: 'DS001', Severity: 'HIGH', Status: 'PASS' },
      { ID: 'DS002', Severity: 'HIGH', Status: 'EXCEPTION' },
      { AVDID: 'AVD-DS-0003', Severity: 'MEDIUM', Status: 'FAIL' },
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
    check.assertRefusesParams(trivyEvaluator, [
      { failOn: 'CRITICAL' },
      { failOn: ['critical'] },
      { failOn: ['SEVERE'] },
      { failOn: [null] },
      { ignoreUnfixed: 'yes' },
      { severity: ['HIGH'] },
      ['HIGH'],
    ]);
  });
});

describe('trivy evaluator: hostile and wrong evidence', () => {
  const alpine = sample('image-alpine-3.9.json');
  const sarif = loadSamples('sarif').get('trivy-image-alpine-3.10.sarif')!;
  const snyk = loadSamples('snyk').get('test-maven-clean.json')!;
  const cases: check.BadEvidence = [
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
  check.itRefuses(evaluate, 'bad.json', cases);
});
