// The checks every evidence evaluator's tests make in the same way (SARIF, Trivy, Snyk, JUnit): so
// that each test file states only its samples, expectations and bad inputs.
import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { isEvidentError } from '../errors.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from './evaluation.ts';
import { evidence } from './samples.testdata.ts';

export type Evaluate = (files: readonly EvidenceFile[], params?: unknown) => Evaluation;

/** Evaluates files with template params, which go through parseParams first as in a real flow. */
export function evaluatorOf<P>(evaluator: AttestationEvaluator<P>): Evaluate {
  return (files, params = {}) =>
    evaluator.evaluate({ evidence: files, data: undefined, params: evaluator.parseParams(params) });
}

/** One test per expected sample, checking the summary of that sample alone. */
export function itCounts<W>(
  evaluate: Evaluate,
  sample: (name: string) => EvidenceFile,
  expected: Readonly<Record<string, W>>,
  check: (summary: Evaluation['summary'], want: W) => void,
): void {
  for (const [name, want] of Object.entries(expected)) {
    void it(`counts ${name}`, () => {
      check(evaluate([sample(name)]).summary, want);
    });
  }
}

/** A label, template params, and the decision expected for each named sample under them. */
export type Decisions<P = unknown> = readonly (readonly [string, P, Readonly<Record<string, boolean>>])[];

/** One test per row: each sample decides as expected, never as a claim, with reasons iff not compliant. */
export function itDecides(
  evaluate: Evaluate,
  sample: (name: string) => EvidenceFile,
  decisions: Decisions,
): void {
  for (const [label, params, want] of decisions) {
    void it(`decides with ${label}`, () => {
      for (const [name, compliant] of Object.entries(want)) {
        const result = evaluate([sample(name)], params);
        assert.equal(result.compliant, compliant, name);
        assert.equal(result.claimed, false);
        assert.equal(result.reasons.length === 0, compliant, name);
      }
    });
  }
}

/** Asserts that parseParams refuses each of `values` with bad_request. */
export function assertRefusesParams<P>(evaluator: AttestationEvaluator<P>, values: readonly unknown[]): void {
  for (const value of values) {
    assert.throws(
      () => evaluator.parseParams(value),
      (e: unknown) => isEvidentError(e, 'bad_request'),
      JSON.stringify(value),
    );
  }
}

/** A label and the content of an evidence file that must be refused. */
export type BadEvidence = readonly (readonly [string, string | Uint8Array])[];

/**
 * One test per case: the content, as evidence file `fileName`, is refused as invalid_evidence with a
 * message naming the file. `alsoCheck` runs first in the same test, for checks of its own.
 */
export function itRefuses(
  evaluate: Evaluate,
  fileName: string,
  cases: BadEvidence,
  alsoCheck: (content: string | Uint8Array) => void = () => undefined,
): void {
  const named = new RegExp(`"${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
  for (const [label, content] of cases) {
    void it(`refuses ${label}`, () => {
      alsoCheck(content);
      assert.throws(
        () => evaluate([evidence(fileName, content)]),
        (e: unknown) => {
          assert.ok(isEvidentError(e, 'invalid_evidence'));
          assert.match((e as Error).message, named);
          return true;
        },
      );
    });
  }
}
