import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { EvidenceFile } from '../evaluation.ts';
import { customEvaluator } from './customEvaluator.ts';
import { parseCustomType } from './customType.ts';
import { COVERAGE_YAML } from './customType.testdata.ts';

function evaluatorFor(source: string) {
  return customEvaluator(parseCustomType(source));
}

function typeWith(rules: string[], schema: JsonValue = true) {
  return evaluatorFor(JSON.stringify({ name: 'probe', schema, rules }));
}

function run(
  evaluator: ReturnType<typeof evaluatorFor>,
  data: JsonValue | undefined,
  evidence: EvidenceFile[] = [],
) {
  evaluator.parseParams(undefined);
  return evaluator.evaluate({ evidence, data, params: undefined });
}

const coverage = evaluatorFor(COVERAGE_YAML);

describe('customEvaluator', () => {
  it('evaluates the DESIGN coverage example', () => {
    assert.equal(coverage.type, 'custom:coverage');
    const pass = run(coverage, { line: 85.5 });
    assert.equal(pass.compliant, true);
    assert.equal(pass.claimed, false);
    assert.deepEqual(pass.reasons, []);
    assert.equal(run(coverage, { line: 80 }).compliant, true);
    const fail = run(coverage, { line: 79.9 });
    assert.equal(fail.compliant, false);
    assert.deepEqual(fail.reasons, ['rule 1 ("data.line >= 80.0") is false.']);
  });

  it('reports schema violations as reasons with their paths, not as errors', () => {
    const wrongType = run(coverage, { line: '85' });
    assert.equal(wrongType.compliant, false);
    assert.deepEqual(wrongType.reasons, ['data/line must be number.']);
    assert.equal(wrongType.summary.schemaValid, false);
    assert.deepEqual(run(coverage, {}).reasons, ['data is missing the required property "line".']);
    assert.deepEqual(run(coverage, undefined).reasons, ['data must be object.']);
    const strict = evaluatorFor(
      JSON.stringify({
        name: 'strict',
        schema: {
          type: 'object',
          additionalProperties: false,
          properties: { tag: { type: 'string', pattern: '^v[0-9]+$' }, n: { type: 'integer', minimum: 0 } },
        },
        rules: [],
      }),
    );
    const reasons = run(strict, { tag: 'x1', n: -1, other: true }).reasons;
    assert.equal(reasons.length, 3);
    assert.ok(reasons.some((r) => r.includes('unknown property "other"')));
    assert.ok(reasons.some((r) => r.startsWith('data/tag does not match the pattern')));
    assert.ok(reasons.some((r) => r.startsWith('data/n must be >= 0')));
    assert.equal(run(strict, { tag: `v${'1'.repeat(5000)}` }).compliant, false, 'long subjects do not match');
  });

  it('caps the number of schema reasons', () => {
    const schema = { type: 'array', items: { type: 'number' } };
    const result = run(
      typeWith([], schema),
      Array.from({ length: 30 }, () => 'x'),
    );
    assert.equal(result.reasons.length, 11);
    assert.match(result.reasons[10]!, /20 more schema errors/);
  });

  it('requires every rule to hold and names each failing one', () => {
    const evaluator = typeWith(['data.a > 1.0', 'data.b == "ok"', 'size(data.items) >= 2']);
    assert.equal(run(evaluator, { a: 2, b: 'ok', items: [1, 2] }).compliant, true);
    const result = run(evaluator, { a: 0, b: 'ok', items: [1] });
    assert.deepEqual(result.reasons, [
      'rule 1 ("data.a > 1.0") is false.',
      'rule 3 ("size(data.items) >= 2") is false.',
    ]);
    assert.equal(result.summary.rulesFailed, 2);
  });

  it('turns run-time errors into non-compliance', () => {
    const evaluator = typeWith(['data.line >= 80.0']);
    const missing = run(evaluator, { other: 1 });
    assert.equal(missing.compliant, false);
    assert.match(
      missing.reasons[0]!,
      /^rule 1 \("data\.line >= 80\.0"\) could not be evaluated: No such key: line/,
    );
    const wrongType = run(evaluator, { line: 'high' });
    assert.match(wrongType.reasons[0]!, /could not be evaluated: no such overload/);
    assert.match(run(typeWith(['1 / int(data.n) == 1']), { n: 0 }).reasons[0]!, /division by zero/);
  });

  it('turns non-boolean results into non-compliance', () => {
    const evaluator = typeWith(['data.flag']);
    assert.equal(run(evaluator, { flag: true }).compliant, true);
    assert.match(
      run(evaluator, { flag: 'true' }).reasons[0]!,
      /returned the string "true", not true or false/,
    );
    assert.match(run(evaluator, { flag: 1 }).reasons[0]!, /returned the double 1/);
    assert.match(run(evaluator, { flag: null }).reasons[0]!, /returned null/);
  });

  it('binds evidence as a list of {name, sha256}', () => {
    const evaluator = typeWith(['evidence.exists(e, e.name == "lcov.info" && e.sha256.startsWith("ab"))']);
    const file = { name: 'lcov.info', sha256: `ab${'0'.repeat(62)}`, bytes: new Uint8Array() };
    assert.equal(run(evaluator, null, [file]).compliant, true);
    assert.equal(run(evaluator, null, []).compliant, false);
    assert.equal(run(typeWith(['size(evidence) == 0']), null).compliant, true);
  });

  it('uses CEL macros and string functions on data', () => {
    const evaluator = typeWith([
      'data.files.all(f, f.line >= 70.0)',
      'data.files.exists(f, f.path.endsWith(".ts"))',
      'data.tag.matches("^v[0-9]+\\\\.[0-9]+$")',
      'has(data.branch) ? data.branch != "" : true',
    ]);
    const data = {
      files: [
        { path: 'a.ts', line: 90 },
        { path: 'b.js', line: 71 },
      ],
      tag: 'v1.2',
    };
    assert.equal(run(evaluator, data).compliant, true, JSON.stringify(run(evaluator, data).reasons));
    assert.equal(run(evaluator, { ...data, tag: 'v1' }).compliant, false);
  });

  it('takes no parameters', () => {
    assert.throws(
      () => coverage.parseParams({ min: 1 }),
      (e) => isEvidentError(e, 'bad_request'),
    );
  });
});

describe('customEvaluator on hostile input', () => {
  const quick = (started: number): void => assert.ok(performance.now() - started < 5000, 'took too long');

  it('refuses data beyond the size limits as invalid evidence', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    const huge = 'x'.repeat(100_000);
    for (const data of [deep, { s: huge }, Array.from({ length: 20_000 }, () => 0), { [huge]: 1 }]) {
      assert.throws(
        () => run(coverage, data),
        (e) => isEvidentError(e, 'invalid_evidence'),
      );
    }
  });

  it('stops nested comprehensions with the evaluation budget', () => {
    const xs = Array.from({ length: 9000 }, (_, i) => i);
    for (const rule of [
      'data.xs.all(a, data.xs.all(b, a != b || a == b))',
      'data.xs.exists(a, data.xs.exists(b, a == -1.0))',
      'data.xs.all(a, a in data.xs)',
      '(data.xs.all(a, data.xs.all(b, a == b || a != b))) || true',
      'data.xs.map(a, data.xs).all(l, l.all(x, x >= 0.0))',
    ]) {
      const started = performance.now();
      const result = run(typeWith([rule, 'true']), { xs });
      quick(started);
      assert.equal(result.compliant, false, rule);
      assert.match(result.reasons[0]!, /was stopped: it exceeded the evaluation budget/);
      assert.match(result.reasons[1]!, /1 more rules were not evaluated/);
    }
    assert.equal(run(typeWith(['data.xs.all(a, a >= 0.0)']), { xs }).compliant, true);
  });

  it('stops rules that build huge strings or lists', () => {
    const doubling = (v: string) =>
      `cel.bind(a, ${v} + ${v}, cel.bind(b, a + a, cel.bind(c, b + b, cel.bind(d, c + c, cel.bind(e, d + d, cel.bind(f, e + e, cel.bind(g, f + f, cel.bind(h, g + g, size(h) > 0))))))))`;
    const started = performance.now();
    const strings = run(typeWith([doubling('data.s')]), { s: 'x'.repeat(60_000) });
    assert.match(strings.reasons[0]!, /was stopped: it (built a string|exceeded)/);
    const lists = run(typeWith([doubling('data.xs')]), { xs: Array.from({ length: 9000 }, () => 1) });
    assert.match(lists.reasons[0]!, /was stopped: it (built a list|exceeded)/);
    quick(started);
  });

  it('bounds matches() subjects', () => {
    const evaluator = typeWith(['data.s.matches("^[ab]+c$")']);
    assert.equal(run(evaluator, { s: 'abc' }).compliant, true);
    const result = run(evaluator, { s: 'a'.repeat(5000) });
    assert.match(result.reasons[0]!, /matches\(\) was given a string longer than 4096/);
  });

  it('keeps schema validation fast on long strings', () => {
    const evaluator = typeWith([], { type: 'string', pattern: '^a*a*a*b$' });
    const started = performance.now();
    assert.equal(run(evaluator, 'a'.repeat(60_000)).compliant, false);
    quick(started);
  });
});
