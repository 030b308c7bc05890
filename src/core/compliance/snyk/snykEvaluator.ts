import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation, EvidenceFile } from '../evaluation.ts';
import { parseEvidenceJson } from '../evidenceJson.ts';
import { enumParam, paramsObject } from '../templateParams.ts';
import {
  SNYK_SEVERITIES,
  snykProjects,
  type SnykFormat,
  type SnykPath,
  type SnykProject,
  type SnykSeverity,
} from './snykProjects.ts';

/**
 * The `snyk` attestation type: compliance from Snyk CLI JSON or Snyk SARIF (any number of evidence
 * files, counted together). Non-compliant when a vulnerable path has the `failOn` severity or a more
 * severe one, or when Snyk could not test a project.
 */
export interface SnykParams {
  /** Severity threshold, like `snyk test --severity-threshold`; default "high". */
  readonly failOn: SnykSeverity;
}

const IDS_NAMED = 5;

function parseParams(params: unknown): SnykParams {
  const p = paramsObject('snyk', params, ['failOn']);
  // Offered least severe first, as `--severity-threshold` lists them.
  return { failOn: enumParam('snyk', 'failOn', p.failOn, [...SNYK_SEVERITIES].reverse()) ?? 'high' };
}

type Counts = Record<SnykSeverity, number>;

function zero(): Counts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

const rank = (s: SnykSeverity): number => SNYK_SEVERITIES.indexOf(s);

/** Distinct issue ids of one project, each at the highest severity it has there. */
function uniqueIssues(paths: readonly SnykPath[]): Map<string, SnykSeverity> {
  const unique = new Map<string, SnykSeverity>();
  for (const p of paths) {
    const seen = unique.get(p.id);
    if (seen === undefined || rank(p.severity) < rank(seen)) unique.set(p.id, p.severity);
  }
  return unique;
}

function countsText(counts: Counts): string {
  return SNYK_SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${s} ${counts[s]}`)
    .join(', ');
}

function decide(files: readonly EvidenceFile[], params: SnykParams): Evaluation {
  const reasons: string[] = [];
  const formats: SnykFormat[] = [];
  const projects: SnykProject[] = [];
  if (files.length === 0) reasons.push('No Snyk evidence file is attached.');
  for (const file of files) {
    const read = snykProjects(file, parseEvidenceJson(file, 'Snyk JSON or SARIF'));
    if (!formats.includes(read.format)) formats.push(read.format);
    projects.push(...read.projects);
  }

  const paths = zero();
  const issues = zero();
  const failingPaths = zero();
  const failingIssues = zero();
  const failingIds = new Set<string>();
  const threshold = rank(params.failOn);
  for (const project of projects) {
    if (project.error !== undefined) reasons.push(`Snyk could not test ${project.name}: ${project.error}.`);
    for (const p of project.paths) {
      paths[p.severity]++;
      if (rank(p.severity) <= threshold) failingPaths[p.severity]++;
    }
    for (const [id, severity] of uniqueIssues(project.paths)) {
      issues[severity]++;
      if (rank(severity) <= threshold) {
        failingIssues[severity]++;
        failingIds.add(id);
      }
    }
  }

  const failingCount = SNYK_SEVERITIES.reduce((n, s) => n + failingPaths[s], 0);
  if (failingCount > 0) {
    const issueCount = SNYK_SEVERITIES.reduce((n, s) => n + failingIssues[s], 0);
    const ids = [...failingIds];
    const named =
      ids.slice(0, IDS_NAMED).join(', ') +
      (ids.length > IDS_NAMED ? ` and ${ids.length - IDS_NAMED} more` : '');
    reasons.push(
      `${failingCount} vulnerable path${failingCount === 1 ? '' : 's'} (${issueCount} unique issue${issueCount === 1 ? '' : 's'}) ` +
        `with severity "${params.failOn}" or above (paths: ${countsText(failingPaths)}): ${named}.`,
    );
  }

  const summary: { [key: string]: JsonValue } = {
    files: files.length,
    formats,
    projects: projects.length,
    failedProjects: projects.filter((p) => p.error !== undefined).length,
    vulnerablePaths: paths,
    uniqueIssues: issues,
  };
  return { compliant: reasons.length === 0, claimed: false, summary, reasons };
}

export const snykEvaluator: AttestationEvaluator<SnykParams> = {
  type: 'snyk',
  parseParams,
  evaluate: ({ evidence, params }) => decide(evidence, params),
};
