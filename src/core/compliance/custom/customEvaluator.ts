import { EvidentError } from '../../errors.ts';
import type { AttestationEvaluator, Evaluation } from '../evaluation.ts';
import { CelMeter } from './celMeter.ts';
import { runRule } from './celRule.ts';
import type { CustomType } from './customType.ts';
import { DATA_LIMITS, jsonLimitProblem } from './jsonBounds.ts';
import { schemaErrorSentences } from './jsonSchema.ts';

/** Most evidence files a rule sees. */
const MAX_EVIDENCE = 1000;

function parseNoParams(type: string, params: unknown): void {
  const empty =
    params === undefined ||
    params === null ||
    (typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length === 0);
  if (!empty) throw new EvidentError('bad_request', `${type} params: this type takes no parameters`);
}

/**
 * The evaluator of `custom:<name>`: `data` must match the type's schema (each violation is a reason,
 * with its JSON Pointer under `data`), then every rule must evaluate to true. Schema violations,
 * false rules, rules that fail at run time or return a non-boolean, and rules stopped by the cost
 * budget make the attestation non-compliant; data beyond DATA_LIMITS is refused as
 * EvidentError('invalid_evidence'). A missing `data` is validated as `null`.
 */
export function customEvaluator(type: CustomType): AttestationEvaluator<void> {
  const name = `custom:${type.name}`;
  return {
    type: name,
    parseParams(params: unknown): void {
      parseNoParams(name, params);
    },
    evaluate({ evidence, data }): Evaluation {
      const value = data ?? null;
      const limit = jsonLimitProblem(value, DATA_LIMITS);
      if (limit !== undefined)
        throw new EvidentError('invalid_evidence', `${name}: the attestation data ${limit}`);
      if (evidence.length > MAX_EVIDENCE) {
        throw new EvidentError('invalid_evidence', `${name}: more than ${MAX_EVIDENCE} evidence files`);
      }
      const summary = { type: type.name, version: type.version, rules: type.rules.length };
      if (!type.validate(value)) {
        const reasons = schemaErrorSentences('data', type.validate);
        return { compliant: false, claimed: false, summary: { ...summary, schemaValid: false }, reasons };
      }
      const context = {
        data: value,
        evidence: evidence.map((file) => ({ name: file.name, sha256: file.sha256 })),
      };
      const meter = new CelMeter();
      const reasons: string[] = [];
      let evaluated = 0;
      for (const rule of type.rules) {
        if (meter.problem !== undefined) {
          reasons.push(
            `${type.rules.length - evaluated} more rules were not evaluated (evaluation budget spent).`,
          );
          break;
        }
        const reason = runRule(rule, context, meter);
        evaluated += 1;
        if (reason !== undefined) reasons.push(reason);
      }
      return {
        compliant: reasons.length === 0,
        claimed: false,
        summary: { ...summary, schemaValid: true, rulesFailed: reasons.length, cost: meter.spent },
        reasons,
      };
    },
  };
}
