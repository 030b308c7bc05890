import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from '../evaluation.ts';
import { parseEvidenceJson } from '../evidenceJson.ts';
import { booleanParam, enumListParam, paramsObject } from '../templateParams.ts';
import {
  TRIVY_FINDING_CLASSES,
  TRIVY_SEVERITIES,
  trivyReport,
  type TrivyFinding,
  type TrivySeverity,
} from './trivyReport.ts';

/**
 * The `trivy` attestation type: compliance from Trivy JSON reports (any number of evidence files,
 * counted together). Non-compliant when a finding (vulnerability, failed misconfiguration check or
 * secret) has one of the `failOn` severities.
 */
export interface TrivyParams {
  /** Severities that make the attestation non-compliant; default CRITICAL and HIGH. */
  readonly failOn: readonly TrivySeverity[];
  /** Vulnerabilities without a fixed version do not decide (like `trivy --ignore-unfixed`). */
  readonly ignoreUnfixed: boolean;
}

const IDS_NAMED = 5;

function parseParams(params: unknown): TrivyParams {
  const p = paramsObject('trivy', params, ['failOn', 'ignoreUnfixed']);
  return {
    failOn: enumListParam('trivy', 'failOn', p.failOn, TRIVY_SEVERITIES) ?? ['CRITICAL', 'HIGH'],
    ignoreUnfixed: booleanParam('trivy', 'ignoreUnfixed', p.ignoreUnfixed) ?? false,
  };
}

function severityCounts(findings: readonly TrivyFinding[]): Record<TrivySeverity, number> {
  const counts = Object.fromEntries(TRIVY_SEVERITIES.map((s) => [s, 0])) as Record<TrivySeverity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Unique vulnerability IDs, each at the highest severity it was reported with. */
function uniqueVulnerabilities(findings: readonly TrivyFinding[]): Map<string, TrivySeverity> {
  const rank = (s: TrivySeverity) => TRIVY_SEVERITIES.indexOf(s);
  const unique = new Map<string, TrivySeverity>();
  for (const f of findings) {
    if (f.class !== 'vulnerability') continue;
    const seen = unique.get(f.id);
    if (seen === undefined || rank(f.severity) < rank(seen)) unique.set(f.id, f.severity);
  }
  return unique;
}

function failingReason(failing: readonly TrivyFinding[], failOn: readonly TrivySeverity[]): string {
  const parts = TRIVY_FINDING_CLASSES.flatMap((c) => {
    const counts = severityCounts(failing.filter((f) => f.class === c));
    const text = TRIVY_SEVERITIES.filter((s) => counts[s] > 0)
      .map((s) => `${s} ${counts[s]}`)
      .join(', ');
    return text === '' ? [] : [`${c} ${text}`];
  });
  const ids = [...new Set(failing.map((f) => f.id))];
  const named =
    ids.slice(0, IDS_NAMED).join(', ') +
    (ids.length > IDS_NAMED ? ` and ${ids.length - IDS_NAMED} more` : '');
  const n = failing.length;
  return `${n} finding${n === 1 ? '' : 's'} with severity ${failOn.join(' or ')} (${parts.join('; ')}): ${named}.`;
}

function decide(files: readonly EvidenceFile[], params: TrivyParams): Evaluation {
  const reasons: string[] = [];
  const findings: TrivyFinding[] = [];
  const artifacts: string[] = [];
  let results = 0;
  if (files.length === 0) reasons.push('No Trivy evidence file is attached.');
  for (const file of files) {
    const report = trivyReport(file, parseEvidenceJson(file, 'a Trivy JSON report'));
    results += report.results;
    findings.push(...report.findings);
    if (report.artifactName !== undefined && !artifacts.includes(report.artifactName))
      artifacts.push(report.artifactName);
  }

  const failing = findings.filter(
    (f) => params.failOn.includes(f.severity) && !(params.ignoreUnfixed && !f.fixed),
  );
  if (failing.length > 0) reasons.push(failingReason(failing, params.failOn));

  const unique = uniqueVulnerabilities(findings);
  const byClass: { [key: string]: JsonValue } = {};
  for (const c of TRIVY_FINDING_CLASSES) byClass[c] = severityCounts(findings.filter((f) => f.class === c));
  const summary: { [key: string]: JsonValue } = {
    files: files.length,
    artifacts,
    results,
    findings: findings.length,
    bySeverity: severityCounts(findings),
    byClass,
    uniqueVulnerabilityIds: unique.size,
    uniqueVulnerabilitiesBySeverity: Object.fromEntries(
      TRIVY_SEVERITIES.map((s) => [s, [...unique.values()].filter((u) => u === s).length]),
    ),
    unfixedVulnerabilities: findings.filter((f) => !f.fixed).length,
  };
  return { compliant: reasons.length === 0, claimed: false, summary, reasons };
}

export const trivyEvaluator: AttestationEvaluator<TrivyParams> = {
  type: 'trivy',
  parseParams,
  evaluate: ({ evidence, params }) => decide(evidence, params),
};
