import { EvidentError } from '../../errors.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation } from '../evaluation.ts';

const MAX_DESCRIPTION_LENGTH = 4096;

function invalid(message: string): never {
  throw new EvidentError('invalid_evidence', `generic: ${message}`);
}

/**
 * `generic`: the client's own claim, recorded as a claim (`claimed: true`, DESIGN §4). The data is
 * `{ compliant?: boolean, description?: string, …other fields }`. A generic attestation records that
 * something happened, so without `compliant` (or without data) the claim is "compliant"; only an
 * explicit `compliant: false` is a failure. A `compliant` that is not a boolean (`"false"`, 0) is
 * refused rather than guessed at. Other fields are the client's and are not interpreted.
 */
export const genericEvaluator: AttestationEvaluator<void> = {
  type: 'generic',
  parseParams(params: unknown): void {
    const empty =
      params === undefined ||
      params === null ||
      (typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length === 0);
    if (!empty) throw new EvidentError('bad_request', 'generic params: this type takes no parameters');
  },
  evaluate({ data }): Evaluation {
    if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      invalid('data must be an object such as {"compliant": true}');
    }
    const claim = data ?? {};
    const { compliant = true, description } = claim;
    if (typeof compliant !== 'boolean') invalid('"compliant" must be true or false');
    if (description !== undefined && typeof description !== 'string') invalid('"description" must be text');
    if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
      invalid(`"description" is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
    }
    const summary: { [key: string]: JsonValue } = { claimedCompliant: compliant };
    if (description !== undefined) summary.description = description;
    const detail = description === undefined || description.trim() === '' ? '' : `: ${description.trim()}`;
    const reasons = compliant ? [] : [`The client reported this attestation as not compliant${detail}.`];
    return { compliant, claimed: true, summary, reasons };
  },
};
