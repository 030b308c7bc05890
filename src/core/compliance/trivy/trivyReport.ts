import type { EvidenceFile } from '../evaluation.ts';
import { describeValue, invalidEvidence, isJsonObject, type JsonObject } from '../evidenceJson.ts';

/**
 * The findings of a Trivy JSON report (`trivy image|fs|repo|config --format json`, SchemaVersion 2,
 * with or without the `Trivy` version block that newer releases add): every entry of
 * Results[].Vulnerabilities, every Results[].Misconfigurations entry whose Status is FAIL, and every
 * Results[].Secrets entry. Field names are those of Trivy's pkg/types (Report, Result,
 * DetectedVulnerability, DetectedMisconfiguration, DetectedSecret).
 */

/** Trivy's severities (pkg/types dbTypes.SeverityNames), most severe first. */
export const TRIVY_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type TrivySeverity = (typeof TRIVY_SEVERITIES)[number];

export const TRIVY_FINDING_CLASSES = ['vulnerability', 'misconfiguration', 'secret'] as const;
export type TrivyFindingClass = (typeof TRIVY_FINDING_CLASSES)[number];

export interface TrivyFinding {
  readonly class: TrivyFindingClass;
  /** VulnerabilityID, misconfiguration ID (or AVDID), or secret RuleID. */
  readonly id: string;
  readonly severity: TrivySeverity;
  /** For vulnerabilities: a fixed version is known (`--ignore-unfixed` keeps only these). Others: true. */
  readonly fixed: boolean;
}

export interface TrivyReport {
  readonly artifactName: string | undefined;
  /** Number of entries in Results. */
  readonly results: number;
  readonly findings: readonly TrivyFinding[];
}

type Fail = (where: string, problem: string) => never;

function entries(result: JsonObject, key: string, where: string, fail: Fail): JsonObject[] {
  const value = Object.hasOwn(result, key) ? result[key] : undefined;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${where}.${key}`, `is ${describeValue(value)}, not an array`);
  return (value as unknown[]).map((item, i) => {
    if (!isJsonObject(item)) fail(`${where}.${key}[${i}]`, `is ${describeValue(item)}, not an object`);
    return item;
  });
}

function text(obj: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function severityOf(obj: JsonObject, where: string, fail: Fail): TrivySeverity {
  const value = obj.Severity;
  const found = TRIVY_SEVERITIES.find((s) => s === value);
  if (found === undefined)
    fail(`${where}.Severity`, `is ${describeValue(value)}, not one of ${TRIVY_SEVERITIES.join(', ')}`);
  return found;
}

function idOf(obj: JsonObject, keys: readonly string[], where: string, fail: Fail): string {
  for (const key of keys) {
    const id = text(obj, key);
    if (id !== undefined) return id;
  }
  return fail(where, `has no ${keys.join(' or ')}`);
}

/** One finding read from `obj` (at `at`): its id is the first of `idKeys` present. */
function finding(
  cls: TrivyFindingClass,
  obj: JsonObject,
  idKeys: readonly string[],
  at: string,
  fail: Fail,
  fixed = true,
): TrivyFinding {
  return { class: cls, id: idOf(obj, idKeys, at, fail), severity: severityOf(obj, at, fail), fixed };
}

function resultFindings(result: JsonObject, where: string, fail: Fail): TrivyFinding[] {
  const findings: TrivyFinding[] = [];
  entries(result, 'Vulnerabilities', where, fail).forEach((v, i) => {
    // Trivy's --ignore-unfixed drops vulnerabilities without a FixedVersion.
    const fixed = text(v, 'FixedVersion') !== undefined || v.Status === 'fixed';
    findings.push(
      finding('vulnerability', v, ['VulnerabilityID'], `${where}.Vulnerabilities[${i}]`, fail, fixed),
    );
  });
  entries(result, 'Misconfigurations', where, fail).forEach((m, i) => {
    const at = `${where}.Misconfigurations[${i}]`;
    const status = m.Status;
    if (typeof status !== 'string') fail(`${at}.Status`, `is ${describeValue(status)}, not a string`);
    // PASS and EXCEPTION entries (--include-non-failures) are checks that did not fail.
    if (status === 'FAIL') findings.push(finding('misconfiguration', m, ['ID', 'AVDID'], at, fail));
  });
  entries(result, 'Secrets', where, fail).forEach((s, i) => {
    findings.push(finding('secret', s, ['RuleID'], `${where}.Secrets[${i}]`, fail));
  });
  return findings;
}

/** Reads a parsed Trivy report; anything else is invalid_evidence naming the file. */
export function trivyReport(file: EvidenceFile, report: unknown): TrivyReport {
  const fail: Fail = (where, problem) => {
    throw invalidEvidence(file, `is not a Trivy JSON report: ${where} ${problem}`);
  };
  if (!isJsonObject(report)) {
    fail(
      'the top level',
      Array.isArray(report) ? 'is an array (Trivy before 0.20 is not supported)' : 'is not an object',
    );
  }
  const schema = Object.hasOwn(report, 'SchemaVersion') ? report.SchemaVersion : undefined;
  const results = Object.hasOwn(report, 'Results') ? report.Results : undefined;
  // Trivy omits an empty Results, so a clean report may only have SchemaVersion and the artifact.
  if (schema === undefined && !Array.isArray(results)) fail('SchemaVersion and Results', 'are both missing');
  if (schema !== undefined && schema !== 2)
    fail('SchemaVersion', `is ${describeValue(schema)}; only 2 is supported`);
  const list = entries(report, 'Results', 'the report', fail);
  return {
    artifactName: text(report, 'ArtifactName'),
    results: list.length,
    findings: list.flatMap((r, i) => resultFindings(r, `Results[${i}]`, fail)),
  };
}
