import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import { genericEvaluator } from './genericEvaluator.ts';

function evaluate(data: JsonValue | undefined) {
  return genericEvaluator.evaluate({ evidence: [], data, params: undefined });
}

describe('genericEvaluator', () => {
  it('records an explicit compliant claim as a claim', () => {
    const result = evaluate({ compliant: true, description: 'pen test passed', tester: 'acme' });
    assert.equal(result.compliant, true);
    assert.equal(result.claimed, true);
    assert.deepEqual(result.reasons, []);
    assert.deepEqual(result.summary, { claimedCompliant: true, description: 'pen test passed' });
  });

  it('records a non-compliant claim with the description as the reason', () => {
    const result = evaluate({ compliant: false, description: 'two findings open' });
    assert.equal(result.compliant, false);
    assert.equal(result.claimed, true);
    assert.equal(result.reasons.length, 1);
    assert.match(result.reasons[0]!, /two findings open/);
  });

  it('treats a missing verdict (or missing data) as a compliant claim', () => {
    for (const data of [undefined, null, {}, { description: 'manual check' }] as (JsonValue | undefined)[]) {
      const result = evaluate(data);
      assert.equal(result.compliant, true);
      assert.equal(result.claimed, true);
    }
  });

  it('refuses a verdict that is not a boolean', () => {
    for (const compliant of ['false', 0, 1, null, [true], { value: true }] as JsonValue[]) {
      assert.throws(
        () => evaluate({ compliant }),
        (e) => isEvidentError(e, 'invalid_evidence'),
      );
    }
  });

  it('refuses data that is not an object, and bad descriptions', () => {
    for (const data of [true, 'yes', 3, [{ compliant: true }]] as JsonValue[]) {
      assert.throws(
        () => evaluate(data),
        (e) => isEvidentError(e, 'invalid_evidence'),
      );
    }
    assert.throws(
      () => evaluate({ compliant: true, description: 42 }),
      (e) => isEvidentError(e, 'invalid_evidence'),
    );
    assert.throws(
      () => evaluate({ compliant: true, description: 'x'.repeat(5000) }),
      (e) => isEvidentError(e, 'invalid_evidence'),
    );
  });

  it('takes no parameters', () => {
    genericEvaluator.parseParams(undefined);
    genericEvaluator.parseParams({});
    assert.throws(
      () => genericEvaluator.parseParams({ strict: true }),
      (e) => isEvidentError(e, 'bad_request'),
    );
  });
});
