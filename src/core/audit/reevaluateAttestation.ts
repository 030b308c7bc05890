import { parseCustomType, type CustomType } from '../compliance/custom/customType.ts';
import type { EvidenceFile } from '../compliance/evaluation.ts';
import { evaluateAttestation } from '../compliance/evaluators.ts';
import { messageOf } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import { describeAt, jsonDifference } from './jsonDifference.ts';

/** The event of a custom type's definition (attestationTypeService.ts; core cannot import it). */
export const ATTESTATION_TYPE_DEFINED = 'attestation_type.defined';

type Record_ = { readonly [key: string]: JsonValue };

/**
 * Compliance is computed, never trusted (DESIGN §4): re-evaluates one `attestation.recorded` entry
 * from the packaged evidence, with the params and custom-type version the entry says it was judged
 * by and the same evaluators the server uses (core/compliance), and compares the result with the
 * verdict the entry records. Answers what differs, or undefined when the verdicts agree. Evidence
 * that is missing from the package is reported by the caller, not here.
 */
export function reevaluationProblem(
  event: CommittedEvent,
  evidence: ReadonlyMap<string, Uint8Array>,
  definitions: readonly CommittedEvent[],
): string | undefined {
  const d = event.data;
  const type = typeof d.type === 'string' ? d.type : '';
  const what = `attestation ${JSON.stringify(d.name)} (${type})`;
  const files: EvidenceFile[] = [];
  for (const ref of Array.isArray(d.evidence) ? d.evidence : []) {
    const { sha256, name } = (ref ?? {}) as Record_;
    const bytes = typeof sha256 === 'string' ? evidence.get(sha256) : undefined;
    if (bytes === undefined || typeof sha256 !== 'string') return undefined; // reported as missing
    files.push({ name: typeof name === 'string' ? name : sha256, sha256, bytes });
  }
  const customType = (name: string): CustomType | undefined => {
    const found = definitions.find((e) => e.data.name === name && e.data.version === d.typeVersion);
    const source = found?.data.source;
    return typeof source === 'string' ? parseCustomType(source) : undefined;
  };
  let result;
  try {
    result = evaluateAttestation({
      type,
      params: d.params === null ? undefined : d.params,
      evidence: files,
      data: d.data === null ? undefined : d.data,
      customType,
    });
  } catch (error) {
    return `${what} cannot be re-evaluated from the packaged evidence: ${messageOf(error)}`;
  }
  const recomputed = {
    compliant: result.compliant,
    claimed: result.claimed,
    summary: result.summary,
    reasons: [...result.reasons],
  };
  const recorded = d.result;
  const path = jsonDifference(recomputed, recorded);
  if (path === undefined) return undefined;
  if (path === '$.compliant')
    return `${what} re-evaluated from the packaged evidence is ${result.compliant ? 'compliant' : `NOT compliant (${result.reasons.join('; ')})`}, the entry records ${describeAt(recorded, path) === 'true' ? 'compliant' : 'NOT compliant'}`;
  return `${what} re-evaluated from the packaged evidence differs from the recorded verdict at ${path.replace(/^\$/, '$.result')}: ${describeAt(recomputed, path)} re-evaluated, ${describeAt(recorded, path)} recorded`;
}
