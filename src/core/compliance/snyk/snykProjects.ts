import type { EvidenceFile } from '../evaluation.ts';
import { describeValue, invalidEvidence, isJsonObject, type JsonObject } from '../evidenceJson.ts';
import { looksLikeSarif, sarifRuns, type SarifResultFacts } from '../sarif/sarifLog.ts';

/**
 * The tested projects in a Snyk evidence file, each with one entry per vulnerable dependency path.
 * Two formats:
 * - Snyk CLI JSON: `snyk test --json` (one project object, or an array of them with
 *   `--all-projects`), `snyk container test --json` (an array, or one object whose `applications`
 *   hold the application projects). A project's `vulnerabilities` has one entry per vulnerable path;
 *   a project Snyk could not test is `{ ok: false, error, path }`.
 * - SARIF 2.1.0 (`snyk test --sarif`, `snyk code test --sarif`): each run is a project and each
 *   unsuppressed result one path. Snyk writes level "error" for critical and high, "warning" for
 *   medium and "note" for low; "error" counts as critical when the rule's security-severity is 9.0+.
 */

/** Snyk severities, most severe first. */
export const SNYK_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type SnykSeverity = (typeof SNYK_SEVERITIES)[number];

export interface SnykPath {
  /** The issue id (e.g. SNYK-JS-LODASH-567746); the same issue appears once per path. */
  readonly id: string;
  readonly severity: SnykSeverity;
}

export interface SnykProject {
  readonly name: string;
  /** Why Snyk could not test the project, if it could not. */
  readonly error: string | undefined;
  readonly paths: readonly SnykPath[];
}

export type SnykFormat = 'snyk-json' | 'sarif';

type Fail = (where: string, problem: string) => never;

function text(obj: JsonObject, key: string): string | undefined {
  const value = Object.hasOwn(obj, key) ? obj[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isProject(value: unknown): value is JsonObject {
  return (
    isJsonObject(value) &&
    (Array.isArray(value.vulnerabilities) || (value.ok === false && typeof value.error === 'string'))
  );
}

function project(obj: JsonObject, where: string, fail: Fail): SnykProject {
  const target = text(obj, 'displayTargetFile') ?? text(obj, 'targetFile');
  const base = text(obj, 'projectName') ?? text(obj, 'path') ?? where;
  const name = target === undefined ? base : `${base} (${target})`;
  const vulnerabilities: unknown = obj.vulnerabilities;
  if (!Array.isArray(vulnerabilities))
    return { name, error: text(obj, 'error') ?? 'unknown error', paths: [] };
  const paths = (vulnerabilities as unknown[]).map((v, i): SnykPath => {
    const at = `${where}.vulnerabilities[${i}]`;
    if (!isJsonObject(v)) fail(at, `is ${describeValue(v)}, not an object`);
    const id = text(v, 'id');
    if (id === undefined) fail(`${at}.id`, 'is missing');
    const severity = SNYK_SEVERITIES.find((s) => s === v.severity);
    if (severity === undefined)
      fail(`${at}.severity`, `is ${describeValue(v.severity)}, not one of ${SNYK_SEVERITIES.join(', ')}`);
    return { id, severity };
  });
  return { name, error: undefined, paths };
}

/** Projects of Snyk CLI JSON, flattening `applications` (container test with app vulns). */
function cliProjects(file: EvidenceFile, json: unknown): SnykProject[] {
  const fail: Fail = (where, problem) => {
    throw invalidEvidence(file, `is not valid Snyk CLI JSON: ${where} ${problem}`);
  };
  const top = Array.isArray(json) ? (json as unknown[]) : [json];
  if (top.length === 0) fail('the top level', 'is an empty array');
  const out: SnykProject[] = [];
  top.forEach((item, i) => {
    const where = Array.isArray(json) ? `[${i}]` : 'the report';
    if (!isProject(item)) fail(where, 'is not a Snyk project result (no "vulnerabilities" array)');
    out.push(project(item, where, fail));
    const applications: unknown = item.applications;
    if (applications === undefined || applications === null) return;
    if (!Array.isArray(applications)) fail(`${where}.applications`, 'is not an array');
    (applications as unknown[]).forEach((app, j) => {
      const at = `${where}.applications[${j}]`;
      if (!isProject(app)) fail(at, 'is not a Snyk project result (no "vulnerabilities" array)');
      out.push(project(app, at, fail));
    });
  });
  return out;
}

function sarifPath(result: SarifResultFacts): SnykPath | undefined {
  if (result.suppressed || result.kind !== 'fail') return undefined;
  const id = result.ruleId ?? '(no rule id)';
  switch (result.level) {
    case 'error':
      return { id, severity: result.securitySeverity === 'critical' ? 'critical' : 'high' };
    case 'warning':
      return { id, severity: 'medium' };
    case 'note':
      return { id, severity: 'low' };
    case 'none':
      return undefined;
  }
}

function sarifProjects(file: EvidenceFile, json: unknown): SnykProject[] {
  return sarifRuns(file, json).map((run) => {
    let error: string | undefined;
    if (run.results === null)
      error = 'the run has no results array: the scan did not complete (SARIF §3.14.23)';
    else if (!run.executionSuccessful) error = 'the run reports executionSuccessful: false (SARIF §3.20.14)';
    const paths = (run.results ?? []).flatMap((r) => sarifPath(r) ?? []);
    return { name: `${run.tool} in ${file.name}`, error, paths };
  });
}

/** The projects of a parsed Snyk evidence file, and which format it was. */
export function snykProjects(
  file: EvidenceFile,
  json: unknown,
): { format: SnykFormat; projects: SnykProject[] } {
  if (looksLikeSarif(json)) return { format: 'sarif', projects: sarifProjects(file, json) };
  const first: unknown = Array.isArray(json) ? (json as unknown[])[0] : json;
  if (!isProject(first)) {
    throw invalidEvidence(file, 'is neither Snyk CLI JSON (snyk test --json) nor SARIF (snyk test --sarif)');
  }
  return { format: 'snyk-json', projects: cliProjects(file, json) };
}
