import { EvidentError } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { customEvaluator } from './custom/customEvaluator.ts';
import type { CustomType } from './custom/customType.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from './evaluation.ts';
import { genericEvaluator } from './generic/genericEvaluator.ts';
import { inTotoEvaluator } from './intoto/inTotoEvaluator.ts';
import { jiraEvaluator } from './jira/jiraEvaluator.ts';
import { junitEvaluator } from './junit/junitEvaluator.ts';
import { pullRequestEvaluator } from './pullRequest/pullRequestEvaluator.ts';
import { sarifEvaluator } from './sarif/sarifEvaluator.ts';
import { snykEvaluator } from './snyk/snykEvaluator.ts';
import { trivyEvaluator } from './trivy/trivyEvaluator.ts';

/** The built-in attestation types (DESIGN §4), by name. */
const BUILT_IN: ReadonlyMap<string, AttestationEvaluator<unknown>> = new Map(
  [
    genericEvaluator,
    junitEvaluator,
    sarifEvaluator,
    snykEvaluator,
    trivyEvaluator,
    pullRequestEvaluator,
    jiraEvaluator,
    inTotoEvaluator,
  ].map((e) => [e.type, e as AttestationEvaluator<unknown>]),
);

export const BUILT_IN_TYPES: readonly string[] = [...BUILT_IN.keys()];

const CUSTOM = /^custom:([a-z][a-z0-9-]{0,62})$/;

/** The custom-type name in `custom:<name>`, or undefined for built-in types. */
export function customTypeName(type: string): string | undefined {
  return CUSTOM.exec(type)?.[1];
}

/** Checks a type and its template params (for templates); custom types need only a valid name here. */
export function checkAttestationType(type: string, params: unknown): void {
  const evaluator = BUILT_IN.get(type);
  if (evaluator !== undefined) {
    evaluator.parseParams(params);
    return;
  }
  if (customTypeName(type) === undefined) {
    throw new EvidentError(
      'bad_request',
      `unknown attestation type "${type}"; types are ${BUILT_IN_TYPES.join(', ')} and custom:<name>`,
    );
  }
}

/**
 * Evaluates an attestation from its evidence and data (DESIGN §4 "Compliance is computed, never
 * trusted"). A custom type that is not defined yields a non-compliant evaluation that says so.
 */
export function evaluateAttestation(input: {
  type: string;
  params: unknown;
  evidence: readonly EvidenceFile[];
  data: JsonValue | undefined;
  customType: (name: string) => CustomType | undefined;
}): Evaluation {
  const name = customTypeName(input.type);
  const definition = name === undefined ? undefined : input.customType(name);
  if (name !== undefined && definition === undefined) {
    return {
      compliant: false,
      claimed: false,
      summary: {},
      reasons: [`custom type "${name}" is not defined`],
    };
  }
  const evaluator: AttestationEvaluator<unknown> | undefined =
    definition === undefined ? BUILT_IN.get(input.type) : customEvaluator(definition);
  if (evaluator === undefined) {
    throw new EvidentError('bad_request', `unknown attestation type "${input.type}"`);
  }
  const params = evaluator.parseParams(input.params);
  return evaluator.evaluate({ evidence: input.evidence, data: input.data, params });
}
