import type { JsonValue } from '../ledger/canonicalJson.ts';

/**
 * Attestation evaluation (DESIGN §4 "Compliance is computed, never trusted"): for typed attestations
 * the server re-reads the evidence itself and decides; a client's own verdict is only a claim.
 */

/** An evidence file as stored in the vault: content-addressed by SHA-256. */
export interface EvidenceFile {
  readonly name: string;
  /** Lowercase hex SHA-256 of `bytes`. */
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

export interface Evaluation {
  /** The decision. */
  readonly compliant: boolean;
  /** True when the decision is the client's claim (generic attestations), not derived from evidence. */
  readonly claimed: boolean;
  /** Facts found in the evidence (counts by outcome, severity, …), for queries and the UI. */
  readonly summary: { readonly [key: string]: JsonValue };
  /** Why it is not compliant, one plain sentence each; empty when compliant. */
  readonly reasons: readonly string[];
}

export interface EvaluationInput<P> {
  /** Evidence files attached to the attestation (already verified against their digests). */
  readonly evidence: readonly EvidenceFile[];
  /** Structured data the client sent with the attestation (e.g. a pull request's fields). */
  readonly data: JsonValue | undefined;
  /** Parameters from the template (validated by `parseParams`). */
  readonly params: P;
}

/**
 * One attestation type. Pure: no I/O, no clock. Evidence is hostile input: parsers bound size and
 * depth, never expand XML entities, and throw EvidentError('invalid_evidence', …) with a clear
 * message for anything they cannot read.
 */
export interface AttestationEvaluator<P> {
  /** `junit`, `sarif`, … */
  readonly type: string;
  /** Validates template parameters (`params:` in a flow template); throws EvidentError('bad_request'). */
  parseParams(params: unknown): P;
  evaluate(input: EvaluationInput<P>): Evaluation;
}

/** Largest evidence file an evaluator parses (the vault may hold larger ones). */
export const MAX_PARSED_EVIDENCE_BYTES = 64 * 1024 * 1024;
