// Real Snyk CLI JSON from /work/shared/samples/snyk/ and Snyk SARIF from /work/shared/samples/sarif/
// (provenance, licences and the counts asserted here: /work/shared/samples/README.md, files table
// and "Snyk --json" counts; unique issues are counted per project and summed, as there).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { EvidenceFile } from '../evaluation.ts';
import * as check from '../evaluatorChecks.testdata.ts';
import { evidence, loadSamples, withBom } from '../samples.testdata.ts';
import { snykEvaluator } from './snykEvaluator.ts';

const samples = loadSamples('snyk');
const sarifSamples = loadSamples('sarif');
const sample = (name: string): EvidenceFile => samples.get(name) ?? sarifSamples.get(name)!;

const evaluate = check.evaluatorOf(snykEvaluator);

const sev = (critical = 0, high = 0, medium = 0, low = 0) => ({ critical, high, medium, low });

const EXPECTED: Record<string, { format: string; projects: number; paths: object; unique: object }> = {
  'test-all-projects-mixed-severities.json': {
    format: 'snyk-json',
    projects: 7,
    paths: sev(1, 28, 8, 3),
    unique: sev(1, 9, 4, 3),
  },
  'test-npm-one-critical.json': { format: 'snyk-json', projects: 1, paths: sev(1), unique: sev(1) },
  'test-npm-basic-array.json': {
    format: 'snyk-json',
    projects: 1,
    paths: sev(0, 2, 0, 1),
    unique: sev(0, 2, 0, 1),
  },
  'test-maven-clean.json': { format: 'snyk-json', projects: 1, paths: sev(), unique: sev() },
  'container-apk-with-app-vulns.json': {
    format: 'snyk-json',
    projects: 2,
    paths: sev(0, 3 + 4, 5, 2),
    unique: sev(0, 1 + 2, 4, 1),
  },
  // Snyk SARIF: error → high, warning → medium, note → low; suppressed results do not count.
  'snyk-open-source-npm.sarif': {
    format: 'sarif',
    projects: 1,
    paths: sev(0, 6, 6, 2),
    unique: sev(0, 6, 6, 2),
  },
  'snyk-code-altoroj.sarif': {
    format: 'sarif',
    projects: 1,
    paths: sev(0, 14, 5, 1),
    unique: sev(0, 5, 2, 1),
  },
  'snyk-code-with-suppressions.sarif': {
    format: 'sarif',
    projects: 1,
    paths: sev(0, 0, 1),
    unique: sev(0, 0, 1),
  },
  'empty-no-results-snyk.sarif': { format: 'sarif', projects: 1, paths: sev(), unique: sev() },
};

describe('snyk evaluator: real reports', () => {
  it('covers every Snyk sample file', () => {
    const json = Object.keys(EXPECTED).filter((n) => n.endsWith('.json'));
    assert.deepEqual([...samples.keys()].sort(), json.sort());
  });

  check.itCounts(evaluate, sample, EXPECTED, (summary, want) => {
    assert.deepEqual(summary.formats, [want.format]);
    assert.equal(summary.projects, want.projects);
    assert.equal(summary.failedProjects, 0);
    assert.deepEqual(summary.vulnerablePaths, want.paths);
    assert.deepEqual(summary.uniqueIssues, want.unique);
  });

  const decisions: check.Decisions = [
    [
      'default (failOn: high)',
      {},
      {
        'test-all-projects-mixed-severities.json': false,
        'test-npm-one-critical.json': false,
        'test-npm-basic-array.json': false,
        'test-maven-clean.json': true,
        'container-apk-with-app-vulns.json': false,
        'snyk-open-source-npm.sarif': false,
        'snyk-code-with-suppressions.sarif': true,
        'empty-no-results-snyk.sarif': true,
      },
    ],
    [
      'failOn: critical',
      { failOn: 'critical' },
      {
        'test-all-projects-mixed-severities.json': false,
        'test-npm-one-critical.json': false,
        'test-npm-basic-array.json': true,
        'container-apk-with-app-vulns.json': true,
        'snyk-open-source-npm.sarif': true,
      },
    ],
    [
      'failOn: medium',
      { failOn: 'medium' },
      { 'snyk-code-with-suppressions.sarif': false, 'test-maven-clean.json': true },
    ],
    ['failOn: low', { failOn: 'low' }, { 'test-npm-basic-array.json': false, 'test-maven-clean.json': true }],
  ];
  check.itDecides(evaluate, sample, decisions);

  it('names paths, unique issues and ids in reasons', () => {
    const { reasons } = evaluate([sample('test-npm-basic-array.json')]);
    assert.equal(reasons.length, 1);
    assert.match(
      reasons[0]!,
      /^2 vulnerable paths \(2 unique issues\) with severity "high" or above \(paths: high 2\): /,
    );
  });

  it('sums several evidence files, JSON and SARIF together', () => {
    const { summary } = evaluate([
      sample('test-npm-one-critical.json'),
      sample('container-apk-with-app-vulns.json'),
      sample('snyk-open-source-npm.sarif'),
    ]);
    assert.deepEqual(summary.formats, ['snyk-json', 'sarif']);
    assert.equal(summary.files, 3);
    assert.equal(summary.projects, 4);
    assert.deepEqual(summary.vulnerablePaths, sev(1, 13, 11, 4));
    assert.deepEqual(summary.uniqueIssues, sev(1, 9, 10, 3));
  });

  it('is non-compliant without evidence', () => {
    assert.equal(evaluate([]).compliant, false);
  });
});

describe('snyk evaluator: synthetic reports', () => {
  it('is non-compliant when Snyk could not test a project', () => {
    const file = evidence(
      'all.json',
      JSON.stringify([
        { ok: true, vulnerabilities: [], projectName: 'a' },
        { ok: false, error: 'Could not detect supported target files', path: '/src/b' },
      ]),
    );
    const result = evaluate([file]);
    assert.equal(result.compliant, false);
    assert.equal(result.summary.failedProjects, 1);
    assert.match(result.reasons[0]!, /\/src\/b: Could not detect supported target files/);
  });

  it('reads container test JSON with nested applications', () => {
    const file = evidence(
      'container.json',
      JSON.stringify({
        ok: false,
        projectName: 'docker-image|app',
        vulnerabilities: [{ id: 'SNYK-ALPINE-1', severity: 'low' }],
        applications: [
          {
            ok: false,
            targetFile: '/app/package.json',
            vulnerabilities: [{ id: 'SNYK-JS-1', severity: 'critical' }],
          },
        ],
      }),
    );
    const result = evaluate([file]);
    assert.equal(result.summary.projects, 2);
    assert.deepEqual(result.summary.vulnerablePaths, sev(1, 0, 0, 1));
    assert.equal(result.compliant, false);
  });

  it('maps SARIF "error" with a critical security-severity to critical', () => {
    const sarif = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'Snyk Open Source',
              rules: [{ id: 'C', properties: { 'security-severity': '9.8' } }],
            },
          },
          results: [
            { ruleId: 'C', level: 'error', message: { text: '' } },
            { ruleId: 'C', level: 'error', message: { text: '' }, suppressions: [{ kind: 'external' }] },
          ],
        },
      ],
    });
    const result = evaluate([evidence('c.sarif', sarif)], { failOn: 'critical' });
    assert.deepEqual(result.summary.vulnerablePaths, sev(1));
    assert.equal(result.compliant, false);
  });

  it('accepts a UTF-8 BOM', () => {
    const file = sample('test-npm-basic-array.json');
    assert.deepEqual(evaluate([withBom('bom.json', file)]).summary, evaluate([file]).summary);
  });
});

describe('snyk evaluator: params', () => {
  it('defaults and accepts valid values', () => {
    assert.deepEqual(snykEvaluator.parseParams(undefined), { failOn: 'high' });
    for (const s of ['low', 'medium', 'high', 'critical'])
      assert.deepEqual(snykEvaluator.parseParams({ failOn: s }), { failOn: s });
  });

  it('refuses unknown keys and values', () => {
    check.assertRefusesParams(snykEvaluator, [
      { failOn: 'HIGH' },
      { failOn: 'severe' },
      { failOn: ['high'] },
      { severityThreshold: 'high' },
      'high',
    ]);
  });
});

describe('snyk evaluator: hostile and wrong evidence', () => {
  const basic = sample('test-npm-basic-array.json');
  const trivy = loadSamples('trivy').get('image-alpine-3.9.json')!;
  const cases: check.BadEvidence = [
    ['garbage', 'snyk says hello'],
    ['truncated', basic.bytes.subarray(0, 1000)],
    ['not UTF-8', new Uint8Array([0x5b, 0x5d, 0xc0, 0x80])],
    ['deep nesting', '[' + '{"a":['.repeat(3000)],
    ['a Trivy report', trivy.bytes],
    ['an empty array', '[]'],
    ['an array with a non-project', JSON.stringify([{ ok: true, vulnerabilities: [] }, { hello: 1 }])],
    [
      'an unknown severity',
      JSON.stringify({ ok: false, vulnerabilities: [{ id: 'X', severity: 'urgent' }] }),
    ],
    ['a vulnerability without id', JSON.stringify({ ok: false, vulnerabilities: [{ severity: 'low' }] })],
    ['invalid SARIF', JSON.stringify({ version: '2.1.0', runs: [{ results: [] }] })],
  ];
  check.itRefuses(evaluate, 'bad.json', cases);
});
