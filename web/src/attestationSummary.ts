// One short line of what an attestation's evaluation found: the core's (src/core/audit/
// attestationSummaryLine.ts, pure, so the audit report and these pages read alike). The full reasons
// are shown beside it; this line is what a reader scans a table for: "38 of 40 passed, 2 failed".
import { attestationSummaryLine } from '../../src/core/audit/attestationSummaryLine.ts';
import type { Attestation } from './deliveryTypes.ts';

/** A short line of what the evaluation found, or '' when the type has no summary we know. */
export function summaryLine(attestation: Pick<Attestation, 'type' | 'summary'>): string {
  return attestationSummaryLine(attestation.type, attestation.summary);
}

/**
 * What is wrong with an attestation in a few words: "2 of 40 failed" for tests, otherwise the
 * first reason or the summary line.
 */
export function shortProblem(attestation: Pick<Attestation, 'type' | 'summary' | 'reasons'>): string {
  const { summary } = attestation;
  if (
    attestation.type === 'junit' &&
    typeof summary === 'object' &&
    summary !== null &&
    !Array.isArray(summary)
  ) {
    const count = (key: string): number => {
      const value = summary[key];
      return typeof value === 'number' ? value : 0;
    };
    const failed = count('failures') + count('errors');
    if (failed > 0) return `${failed} of ${count('tests')} failed`;
  }
  return attestation.reasons[0] ?? (summaryLine(attestation) || 'not compliant');
}
