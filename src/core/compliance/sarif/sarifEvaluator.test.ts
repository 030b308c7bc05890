// Real SARIF logs from /work/shared/samples/sarif/ (provenance, licences and the counts asserted
// here: /work/shared/samples/README.md, table "SARIF"), plus synthetic logs for the SARIF 2.1.0 rules
// that no sample exercises (kind, suppression status, rules in extensions, configuration overrides).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { EvidenceFile } from '../evaluation.ts';
import * as check from '../evaluatorChecks.testdata.ts';
import { evidence, loadSamples, withBom } from '../samples.testdata.ts';
import { sarifEvaluator, type SarifParams } from './sarifEvaluator.ts';

const samples = loadSamples('sarif');
const sample = (name: string): EvidenceFile => samples.get(name)!;

const evaluate = check.evaluatorOf(sarifEvaluator);

const levels = (error: number, warning: number, note: number, none = 0) => ({ error, warning, note, none });
const severities = (critical: number, high: number, medium: number, low: number, unknown = 0) => ({
  critical,
  high,
  medium,
  low,
  none: 0,
  unknown,
});

/** README "SARIF" table: effective levels, security severity per result, suppressions, tool. */
const EXPECTED: Record<
  string,
  { tool: string; results: number; suppressed: number; byLevel: object; sev: object }
> = {
  'eslint-single-error.sarif': {
    tool: 'ESLint',
    results: 1,
    suppressed: 0,
    byLevel: levels(1, 0, 0),
    sev: severities(0, 0, 0, 0),
  },
  'semgrep-oss-1.69.sarif': {
    tool: 'Semgrep OSS 1.69.0',
    results: 77,
    suppressed: 0,
    byLevel: levels(35, 42, 0),
    sev: severities(34, 1, 42, 0),
  },
  'codeql-2.19-ruby.sarif': {
    tool: 'CodeQL 2.19.0',
    results: 4,
    suppressed: 0,
    byLevel: levels(2, 2, 0),
    sev: severities(3, 1, 0, 0),
  },
  'snyk-code-altoroj.sarif': {
    tool: 'SnykCode 1.0.0',
    results: 20,
    suppressed: 0,
    byLevel: levels(14, 5, 1),
    sev: severities(0, 0, 0, 0),
  },
  'snyk-code-with-suppressions.sarif': {
    tool: 'SnykCode 1.0.0',
    results: 2,
    suppressed: 1,
    byLevel: levels(0, 1, 0),
    sev: severities(0, 0, 0, 0),
  },
  'trivy-image-alpine-3.10.sarif': {
    tool: 'Trivy dev',
    results: 4,
    suppressed: 0,
    byLevel: levels(0, 4, 0),
    sev: severities(0, 0, 4, 0),
  },
  'grype-container.sarif': {
    tool: 'grype 0.91.2',
    results: 39,
    suppressed: 0,
    byLevel: levels(10, 20, 9),
    sev: severities(4, 6, 20, 9),
  },
  'snyk-open-source-npm.sarif': {
    tool: 'Snyk Open Source',
    results: 14,
    suppressed: 0,
    byLevel: levels(6, 6, 2),
    sev: severities(0, 2, 6, 2, 4),
  },
  'empty-no-results-snyk.sarif': {
    tool: 'Snyk Open Source',
    results: 0,
    suppressed: 0,
    byLevel: levels(0, 0, 0),
    sev: severities(0, 0, 0, 0),
  },
};

describe('sarif evaluator: real logs', () => {
  it('covers every sample file', () => {
    assert.deepEqual([...samples.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  check.itCounts(evaluate, sample, EXPECTED, (summary, want) => {
    assert.equal(summary.files, 1);
    assert.equal(summary.runs, 1);
    assert.deepEqual(summary.tools, [want.tool]);
    assert.equal(summary.results, want.results);
    assert.equal(summary.suppressed, want.suppressed);
    assert.deepEqual(summary.byLevel, want.byLevel);
    assert.deepEqual(summary.bySecuritySeverity, want.sev);
    assert.equal(summary.failedRuns, 0);
  });

  const decisions: check.Decisions<Partial<SarifParams>> = [
    [
      'default (failOn: error)',
      {},
      {
        'eslint-single-error.sarif': false,
        'semgrep-oss-1.69.sarif': false,
        'codeql-2.19-ruby.sarif': false,
        'snyk-code-altoroj.sarif': false,
        'snyk-code-with-suppressions.sarif': true,
        'trivy-image-alpine-3.10.sarif': true,
        'grype-container.sarif': false,
        'snyk-open-source-npm.sarif': false,
        'empty-no-results-snyk.sarif': true,
      },
    ],
    [
      'failOn: warning',
      { failOn: 'warning' },
      { 'snyk-code-with-suppressions.sarif': false, 'trivy-image-alpine-3.10.sarif': false },
    ],
    [
      'failOn: none with failOnSecuritySeverity: critical',
      { failOn: 'none', failOnSecuritySeverity: 'critical' },
      {
        'eslint-single-error.sarif': true,
        'semgrep-oss-1.69.sarif': false,
        'codeql-2.19-ruby.sarif': false,
        'snyk-code-altoroj.sarif': true,
        'trivy-image-alpine-3.10.sarif': true,
        'grype-container.sarif': false,
        'snyk-open-source-npm.sarif': true,
        'empty-no-results-snyk.sarif': true,
      },
    ],
    [
      'failOn: none with failOnSecuritySeverity: medium',
      { failOn: 'none', failOnSecuritySeverity: 'medium' },
      { 'trivy-image-alpine-3.10.sarif': false, 'snyk-open-source-npm.sarif': false },
    ],
    [
      'failOn: note',
      { failOn: 'note' },
      { 'empty-no-results-snyk.sarif': true, 'snyk-code-altoroj.sarif': false },
    ],
  ];
  check.itDecides(evaluate, sample, decisions);

  it('names counts and rule ids in reasons', () => {
    const { reasons } = evaluate([sample('codeql-2.19-ruby.sarif')], { failOnSecuritySeverity: 'critical' });
    assert.equal(reasons.length, 2);
    assert.match(
      reasons[0]!,
      /^2 unsuppressed results at level "error" or above \(error 2\); rules: rb\/request-forgery, rb\/kernel-open\.$/,
    );
    assert.match(
      reasons[1]!,
      /^3 unsuppressed results with security severity "critical" or above \(critical 3\)/,
    );
    const many = evaluate([sample('grype-container.sarif')]).reasons[0]!;
    assert.match(many, /^10 unsuppressed results .* and \d+ more\.$/);
  });

  it('sums several evidence files', () => {
    const { summary, compliant } = evaluate(
      [
        sample('eslint-single-error.sarif'),
        sample('grype-container.sarif'),
        sample('trivy-image-alpine-3.10.sarif'),
      ],
      { failOn: 'warning' },
    );
    assert.equal(compliant, false);
    assert.equal(summary.files, 3);
    assert.equal(summary.runs, 3);
    assert.equal(summary.results, 44);
    assert.deepEqual(summary.byLevel, levels(11, 24, 9));
    assert.deepEqual(summary.bySecuritySeverity, severities(4, 6, 24, 9));
    assert.deepEqual(summary.tools, ['ESLint', 'grype 0.91.2', 'Trivy dev']);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const file = sample('eslint-single-error.sarif');
    assert.deepEqual(evaluate([withBom('bom.sarif', file)]).summary, evaluate([file]).summary);
  });

  it('is non-compliant without evidence', () => {
    const result = evaluate([]);
    assert.equal(result.compliant, false);
    assert.equal(result.reasons.length, 1);
  });
});

/** A one-run SARIF log around the given results and tool. */
function log(
  results: unknown,
  tool: object = { driver: { name: 'T', rules: [{ id: 'R1' }] } },
  extra: object = {},
) {
  return JSON.stringify({ version: '2.1.0', runs: [{ tool, results, ...extra }] });
}

function summaryOf(text: string, params: unknown = {}) {
  return evaluate([evidence('x.sarif', text)], params);
}

describe('sarif evaluator: SARIF 2.1.0 rules', () => {
  it('gives level "none" to results whose kind is not "fail" (§3.27.9, §3.27.10)', () => {
    const r = summaryOf(
      log([
        { ruleId: 'R1', kind: 'pass', message: { text: '' } },
        { ruleId: 'R1', kind: 'informational', level: 'error', message: { text: '' } },
        { ruleId: 'R1', kind: 'fail', message: { text: '' } },
        { ruleId: 'R1', message: { text: '' } },
      ]),
    );
    assert.deepEqual(r.summary.byLevel, levels(0, 2, 0, 2));
    assert.equal(r.compliant, true);
  });

  it('takes the level from the rule found by ruleIndex, ruleId, rule.id or in an extension', () => {
    const tool = {
      driver: {
        name: 'D',
        rules: [
          { id: 'A', defaultConfiguration: { level: 'note' } },
          { id: 'B', defaultConfiguration: { level: 'error' } },
          { id: 'C' },
        ],
      },
      extensions: [{ name: 'X', rules: [{ id: 'E', defaultConfiguration: { level: 'error' } }] }],
    };
    const r = summaryOf(
      log(
        [
          { ruleIndex: 0, message: { text: '' } }, // note
          { ruleId: 'B', message: { text: '' } }, // error
          { rule: { id: 'A' }, message: { text: '' } }, // note
          { ruleId: 'B/sub-case', message: { text: '' } }, // hierarchical id → B: error
          { ruleId: 'C', message: { text: '' } }, // rule without defaultConfiguration → warning
          { ruleId: 'missing', message: { text: '' } }, // no rule → warning
          { ruleId: 'E', message: { text: '' } }, // found in extension: error
          { rule: { id: 'E', index: 0, toolComponent: { index: 0 } }, message: { text: '' } }, // error
          { rule: { id: 'A', toolComponent: { name: 'X' } }, message: { text: '' } }, // not in X → warning
        ],
        tool,
      ),
    );
    assert.deepEqual(r.summary.byLevel, levels(4, 3, 2));
  });

  it('applies a configuration override of the invocation (§3.20.5, §3.51)', () => {
    const tool = { driver: { name: 'D', rules: [{ id: 'A', defaultConfiguration: { level: 'note' } }] } };
    const invocations = [
      {
        executionSuccessful: true,
        ruleConfigurationOverrides: [{ descriptor: { id: 'A' }, configuration: { level: 'error' } }],
      },
    ];
    const r = summaryOf(
      log(
        [
          { ruleId: 'A', provenance: { invocationIndex: 0 }, message: { text: '' } },
          { ruleId: 'A', message: { text: '' } },
        ],
        tool,
        { invocations },
      ),
    );
    assert.deepEqual(r.summary.byLevel, levels(1, 0, 1));
  });

  it('counts a result as suppressed only when every suppression is accepted (§3.27.23, §3.35.3)', () => {
    const r = summaryOf(
      log([
        { ruleId: 'R1', level: 'error', suppressions: [{ kind: 'inSource' }], message: { text: '' } },
        {
          ruleId: 'R1',
          level: 'error',
          suppressions: [{ kind: 'external', status: 'accepted' }],
          message: { text: '' },
        },
        { ruleId: 'R1', level: 'error', suppressions: [], message: { text: '' } },
        { ruleId: 'R1', level: 'error', suppressions: null, message: { text: '' } },
        {
          ruleId: 'R1',
          level: 'error',
          suppressions: [{ kind: 'external', status: 'rejected' }],
          message: { text: '' },
        },
        {
          ruleId: 'R1',
          level: 'error',
          suppressions: [
            { kind: 'external', status: 'accepted' },
            { kind: 'external', status: 'underReview' },
          ],
          message: { text: '' },
        },
      ]),
    );
    assert.equal(r.summary.results, 6);
    assert.equal(r.summary.suppressed, 2);
    assert.deepEqual(r.summary.byLevel, levels(4, 0, 0));
    assert.equal(r.compliant, false);
    assert.match(r.reasons[0]!, /^4 unsuppressed results/);
  });

  it('reads numeric, numeric-string and word security severities', () => {
    const rules = [
      ['9.0', 'critical'],
      [8.95, 'high'],
      ['7', 'high'],
      ['3.9', 'low'],
      ['0.0', 'none'],
      ['High', 'high'],
      ['undefined', 'unknown'],
      [11, 'unknown'],
      ['', 'unknown'],
    ].map(([s], i) => ({ id: `R${i}`, properties: { 'security-severity': s } }));
    const results = rules.map((r) => ({ ruleId: r.id, level: 'note', message: { text: '' } }));
    const r = summaryOf(log(results, { driver: { name: 'T', rules } }));
    assert.deepEqual(r.summary.bySecuritySeverity, {
      critical: 1,
      high: 3,
      medium: 0,
      low: 1,
      none: 1,
      unknown: 3,
    });
  });

  it('is non-compliant when a run has no results or failed to execute (§3.14.23, §3.20.14)', () => {
    assert.equal(summaryOf(log(null)).compliant, false);
    const failed = summaryOf(log([], undefined, { invocations: [{ executionSuccessful: false }] }));
    assert.equal(failed.compliant, false);
    assert.equal(failed.summary.failedRuns, 1);
    const noRuns = summaryOf(JSON.stringify({ version: '2.1.0', runs: [] }));
    assert.equal(noRuns.compliant, false);
  });
});

describe('sarif evaluator: params', () => {
  it('defaults and accepts valid values', () => {
    assert.deepEqual(sarifEvaluator.parseParams(undefined), {
      failOn: 'error',
      failOnSecuritySeverity: undefined,
    });
    assert.deepEqual(sarifEvaluator.parseParams(null), {
      failOn: 'error',
      failOnSecuritySeverity: undefined,
    });
    assert.deepEqual(sarifEvaluator.parseParams({ failOn: 'note', failOnSecuritySeverity: 'high' }), {
      failOn: 'note',
      failOnSecuritySeverity: 'high',
    });
  });

  it('refuses unknown keys and values', () => {
    check.assertRefusesParams(sarifEvaluator, [
      { failOn: 'fatal' },
      { failOn: 'ERROR' },
      { failOn: null },
      { failOnSecuritySeverity: 'severe' },
      { failOnSecuritySeverity: 9 },
      { failon: 'error' },
      [],
      'error',
      42,
    ]);
  });
});

describe('sarif evaluator: hostile and wrong evidence', () => {
  const invalid = (e: unknown) => isEvidentError(e, 'invalid_evidence');
  const eslint = sample('eslint-single-error.sarif');
  const cases: check.BadEvidence = [
    ['garbage', 'this is not json'],
    ['empty', ''],
    ['truncated', eslint.bytes.subarray(0, eslint.bytes.length - 40)],
    ['not UTF-8', new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
    ['UTF-16', new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
    ['deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['deep nesting, unterminated', '{"a":'.repeat(1000)],
    ['a JSON array', '[]'],
    ['a Trivy report', JSON.stringify({ SchemaVersion: 2, ArtifactName: 'x', Results: [] })],
    ['a Snyk report', JSON.stringify({ ok: true, vulnerabilities: [], packageManager: 'npm' })],
    ['SARIF 2.0.0', JSON.stringify({ version: '2.0.0', runs: [] })],
    ['runs not an array', JSON.stringify({ version: '2.1.0', runs: {} })],
    ['run without tool', JSON.stringify({ version: '2.1.0', runs: [{ results: [] }] })],
    [
      'driver without name',
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }),
    ],
    ['invalid level', log([{ ruleId: 'R1', level: 'critical', message: { text: '' } }])],
    ['invalid kind', log([{ ruleId: 'R1', kind: 'bad', message: { text: '' } }])],
    [
      'invalid suppression status',
      log([{ ruleId: 'R1', suppressions: [{ status: 'maybe' }], message: { text: '' } }]),
    ],
    ['result not an object', log([42])],
    ['ruleIndex not an index', log([{ ruleIndex: 'x', message: { text: '' } }])],
  ];
  check.itRefuses(evaluate, 'bad.sarif', cases, (content) => {
    assert.throws(
      () => summaryOf(typeof content === 'string' ? content : new TextDecoder().decode(content)),
      invalid,
    );
  });

  it('refuses evidence over the size bound', () => {
    const huge = evidence('huge.sarif', new Uint8Array(64 * 1024 * 1024 + 1));
    assert.throws(() => evaluate([huge]), invalid);
  });

  it('does not count brackets inside strings as nesting', () => {
    const text = log([{ ruleId: 'R1', level: 'note', message: { text: '['.repeat(10_000) } }]);
    assert.equal(summaryOf(text).compliant, true);
  });
});
