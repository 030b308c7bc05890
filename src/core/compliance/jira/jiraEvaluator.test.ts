import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import { jiraEvaluator } from './jiraEvaluator.ts';
import { jiraKeysIn, projectOf } from './jiraKeys.ts';

function evaluate(data: JsonValue | undefined, params?: unknown) {
  return jiraEvaluator.evaluate({ evidence: [], data, params: jiraEvaluator.parseParams(params) });
}

describe('jiraKeysIn', () => {
  it('finds keys in commit messages, branch names and titles', () => {
    assert.deepEqual(jiraKeysIn('PAY-12: fix rounding (see also OPS_2-7, PAY-12)'), ['PAY-12', 'OPS_2-7']);
    assert.deepEqual(jiraKeysIn('feature/PAY-123-rounding'), ['PAY-123']);
    assert.deepEqual(jiraKeysIn('[AB1-9] title'), ['AB1-9']);
  });

  it('ignores lowercase keys, keys inside words, single-letter projects and issue number 0', () => {
    assert.deepEqual(jiraKeysIn('feature/pay-12'), []);
    assert.deepEqual(jiraKeysIn('fooPAY-12 x_PAY-3 1PAY-4'), []);
    assert.deepEqual(jiraKeysIn('A-1 PAY-0 PAY-'), []);
    assert.deepEqual(jiraKeysIn('PAY-12345678901234567'), []);
  });

  it('is linear on long runs of capitals', () => {
    const started = performance.now();
    assert.deepEqual(jiraKeysIn('A'.repeat(60_000)), []);
    assert.deepEqual(jiraKeysIn('AB-'.repeat(20_000)), []);
    assert.ok(performance.now() - started < 1000);
  });

  it('splits project keys', () => {
    assert.equal(projectOf('PAY_2-17'), 'PAY_2');
  });
});

describe('jiraEvaluator', () => {
  it('is compliant with an explicit key (compared uppercase)', () => {
    const result = evaluate({ keys: ['pay-1'] });
    assert.equal(result.compliant, true);
    assert.equal(result.claimed, false);
    assert.deepEqual(result.summary, { keys: ['PAY-1'], ignoredKeys: [] });
  });

  it('extracts keys from the title, branch and commit messages', () => {
    const result = evaluate({
      title: 'Rounding fix',
      branch: 'feature/PAY-7-rounding',
      commitMessages: ['OPS-3 bump', 'no key here'],
    });
    assert.equal(result.compliant, true);
    assert.deepEqual(result.summary.keys, ['OPS-3', 'PAY-7']);
  });

  it('is non-compliant when no key is present', () => {
    const result = evaluate({ title: 'Rounding fix', commitMessages: ['wip'] });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /No Jira issue key/);
    assert.equal(evaluate(undefined).compliant, false);
    assert.equal(evaluate({}).compliant, false);
  });

  it('applies the project allow-list', () => {
    const data = { title: 'UTF-8 handling for OPS-3' };
    assert.equal(evaluate(data).compliant, true);
    const result = evaluate(data, { projects: ['PAY'] });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /none of the allowed projects/);
    assert.deepEqual(result.summary, { keys: [], ignoredKeys: ['OPS-3', 'UTF-8'] });
    assert.equal(evaluate(data, { projects: ['ops'] }).compliant, true);
  });

  it('requires `min` distinct keys', () => {
    const data = { keys: ['PAY-1', 'PAY-1'], branch: 'PAY-1' };
    const result = evaluate(data, { min: 2 });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /Found only PAY-1/);
    assert.equal(evaluate({ keys: ['PAY-1', 'PAY-2'] }, { min: 2 }).compliant, true);
  });

  it('refuses malformed data as invalid evidence', () => {
    for (const data of [
      { keys: ['not a key'] },
      { keys: 'PAY-1' },
      { title: 5 },
      { commitMessages: ['x'.repeat(70_000)] },
      { unknown: true },
      'PAY-1',
    ] as JsonValue[]) {
      assert.throws(
        () => evaluate(data),
        (e) => isEvidentError(e, 'invalid_evidence'),
      );
    }
  });

  it('validates params', () => {
    assert.deepEqual(jiraEvaluator.parseParams(undefined), { projects: undefined, min: 1 });
    for (const params of [
      { min: 0 },
      { min: 1.5 },
      { projects: [] },
      { projects: ['1AB'] },
      { other: 1 },
      [],
    ]) {
      assert.throws(
        () => jiraEvaluator.parseParams(params),
        (e) => isEvidentError(e, 'bad_request'),
      );
    }
  });
});
