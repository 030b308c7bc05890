import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from '../evaluation.ts';
import { parseEvidenceJson } from '../evidenceJson.ts';
import { SARIF_LEVELS, sarifRuns, type SarifLevel, type SarifResultFacts } from './sarifLog.ts';
import {
  atOrAboveSecuritySeverity,
  SECURITY_SEVERITIES,
  SECURITY_SEVERITY_BUCKETS,
  type SecuritySeverity,
} from './securitySeverity.ts';
import { enumParam, paramsObject } from '../templateParams.ts';

/**
 * The `sarif` attestation type: compliance from SARIF 2.1.0 logs (any number of evidence files,
 * each with any number of runs, counted together). Suppressed results (§3.27.23) do not count.
 */
export interface SarifParams {
  /**
   * Non-compliant when an unsuppressed result has this effective level (§3.27.10) or a more severe
   * one. "none" turns the level check off (like GitHub's "fail on: none"), so that
   * failOnSecuritySeverity alone decides. Default "error".
   */
  readonly failOn: SarifLevel;
  /** Non-compliant when an unsuppressed `fail` result's rule has this security severity or higher. */
  readonly failOnSecuritySeverity: SecuritySeverity | undefined;
}

/** How many rule ids a reason names before "and N more". */
const RULES_NAMED = 5;

function parseParams(params: unknown): SarifParams {
  const p = paramsObject('sarif', params, ['failOn', 'failOnSecuritySeverity']);
  return {
    failOn: enumParam('sarif', 'failOn', p.failOn, SARIF_LEVELS) ?? 'error',
    failOnSecuritySeverity: enumParam(
      'sarif',
      'failOnSecuritySeverity',
      p.failOnSecuritySeverity,
      SECURITY_SEVERITIES,
    ),
  };
}

function countBy<K extends string>(keys: readonly K[], items: readonly (K | undefined)[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const item of items) if (item !== undefined) counts[item]++;
  return counts;
}

/** "error 3, warning 1" for the non-zero counts, most severe first. */
function countsText(counts: Readonly<Record<string, number>>, order: readonly string[]): string {
  return order
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => `${k} ${counts[k] ?? 0}`)
    .join(', ');
}

function rulesText(results: readonly SarifResultFacts[]): string {
  const ids = [...new Set(results.map((r) => r.ruleId ?? '(no rule id)'))];
  const named = ids.slice(0, RULES_NAMED).join(', ');
  return ids.length > RULES_NAMED ? `${named} and ${ids.length - RULES_NAMED} more` : named;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Reads every file, counts unsuppressed results, and decides. */
function decide(files: readonly EvidenceFile[], params: SarifParams): Evaluation {
  const reasons: string[] = [];
  const tools: string[] = [];
  const counted: SarifResultFacts[] = [];
  let runs = 0;
  let results = 0;
  let suppressed = 0;
  let failedRuns = 0;
  if (files.length === 0) reasons.push('No SARIF evidence file is attached.');
  for (const file of files) {
    const fileRuns = sarifRuns(file, parseEvidenceJson(file, 'SARIF'));
    if (fileRuns.length === 0) reasons.push(`${file.name} contains no runs, so no analysis is recorded.`);
    fileRuns.forEach((run, i) => {
      runs++;
      if (!tools.includes(run.tool)) tools.push(run.tool);
      const where = `Run ${i + 1} of ${file.name} (${run.tool})`;
      if (run.results === null) {
        failedRuns++;
        reasons.push(
          `${where} has no results array: the tool did not complete its analysis (SARIF §3.14.23).`,
        );
      } else if (!run.executionSuccessful) {
        failedRuns++;
        reasons.push(`${where} reports executionSuccessful: false (SARIF §3.20.14).`);
      }
      for (const result of run.results ?? []) {
        results++;
        if (result.suppressed) suppressed++;
        else counted.push(result);
      }
    });
  }

  const levelOrder = [...SARIF_LEVELS].reverse();
  const byLevel = countBy(
    SARIF_LEVELS,
    counted.map((r) => r.level),
  );
  const problems = counted.filter((r) => r.kind === 'fail');
  const bySecuritySeverity = countBy(
    SECURITY_SEVERITY_BUCKETS,
    problems.map((r) => r.securitySeverity),
  );

  if (params.failOn !== 'none') {
    const threshold = SARIF_LEVELS.indexOf(params.failOn);
    const failing = counted.filter((r) => SARIF_LEVELS.indexOf(r.level) >= threshold);
    if (failing.length > 0) {
      const levels = countBy(
        SARIF_LEVELS,
        failing.map((r) => r.level),
      );
      reasons.push(
        `${plural(failing.length, 'unsuppressed result')} at level "${params.failOn}" or above ` +
          `(${countsText(levels, levelOrder)}); rules: ${rulesText(failing)}.`,
      );
    }
  }
  const severityThreshold = params.failOnSecuritySeverity;
  if (severityThreshold !== undefined) {
    const failing = problems.filter((r) => atOrAboveSecuritySeverity(r.securitySeverity, severityThreshold));
    if (failing.length > 0) {
      const severities = countBy(
        SECURITY_SEVERITY_BUCKETS,
        failing.map((r) => r.securitySeverity),
      );
      reasons.push(
        `${plural(failing.length, 'unsuppressed result')} with security severity "${severityThreshold}" or above ` +
          `(${countsText(severities, SECURITY_SEVERITIES)}); rules: ${rulesText(failing)}.`,
      );
    }
  }

  const summary: { [key: string]: JsonValue } = {
    files: files.length,
    runs,
    tools,
    results,
    suppressed,
    byLevel,
    bySecuritySeverity,
    failedRuns,
  };
  return { compliant: reasons.length === 0, claimed: false, summary, reasons };
}

export const sarifEvaluator: AttestationEvaluator<SarifParams> = {
  type: 'sarif',
  parseParams,
  evaluate: ({ evidence, params }) => decide(evidence, params),
};
