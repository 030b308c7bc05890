// One short line of what an attestation's evaluation found, from the summary the server recorded
// (src/core/compliance/*/…Evaluator.ts). The full reasons are shown beside it; this line is what a
// reader scans a table for: "38 of 40 passed, 2 failed", "3 findings: 1 CRITICAL, 2 HIGH".
import type { Attestation } from './deliveryTypes.ts';

type Summary = Record<string, unknown>;

const num = (s: Summary, key: string): number => (typeof s[key] === 'number' ? s[key] : 0);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "1 CRITICAL, 2 HIGH" of the non-zero counts of a severity table. */
function counts(table: unknown): string {
  if (typeof table !== 'object' || table === null) return '';
  return Object.entries(table as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}

function junit(s: Summary): string {
  const failed = num(s, 'failures') + num(s, 'errors');
  const parts = [`${num(s, 'passed')} of ${num(s, 'tests')} passed`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (num(s, 'skipped') > 0) parts.push(`${num(s, 'skipped')} skipped`);
  return parts.join(', ');
}

const BY_TYPE: Record<string, (s: Summary) => string> = {
  junit,
  trivy: (s) => {
    const found = num(s, 'findings');
    return found === 0 ? 'no findings' : `${plural(found, 'finding')}: ${counts(s.bySeverity)}`;
  },
  sarif: (s) => {
    const results = num(s, 'results');
    return results === 0 ? 'no results' : `${plural(results, 'result')}: ${counts(s.byLevel)}`;
  },
  snyk: (s) => {
    const issues = num(s, 'uniqueIssues');
    return issues === 0 ? 'no issues' : plural(issues, 'unique issue');
  },
  pull_request: (s) =>
    `${plural(num(s, 'approvals'), 'approval')}${typeof s.author === 'string' ? `, author ${s.author}` : ''}`,
  jira: (s) => (Array.isArray(s.keys) && s.keys.length > 0 ? s.keys.join(', ') : 'no ticket keys'),
  approval: (s) => {
    const by = typeof s.by === 'string' ? s.by : 'someone';
    const where = typeof s.environment === 'string' ? ` for ${s.environment}` : '';
    if (s.kind === 'exception') return `break-glass by ${by}${where}`;
    return `${s.decision === 'reject' ? 'rejected' : 'approved'} by ${by}${where}`;
  },
  generic: (s) =>
    `claimed ${s.claimedCompliant === true ? 'compliant' : 'not compliant'}${typeof s.description === 'string' && s.description !== '' ? `: ${s.description}` : ''}`,
};

/** A short line of what the evaluation found, or '' when the type has no summary we know. */
export function summaryLine(attestation: Pick<Attestation, 'type' | 'summary'>): string {
  const { summary } = attestation;
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) return '';
  const line = BY_TYPE[attestation.type];
  return line === undefined ? '' : line(summary as Summary);
}

/**
 * What is wrong with an attestation in a few words: "2 of 40 failed" for tests, otherwise the
 * summary line or the first reason.
 */
export function shortProblem(attestation: Pick<Attestation, 'type' | 'summary' | 'reasons'>): string {
  const { summary } = attestation;
  if (attestation.type === 'junit' && typeof summary === 'object' && summary !== null) {
    const s = summary as Summary;
    const failed = num(s, 'failures') + num(s, 'errors');
    if (failed > 0) return `${failed} of ${num(s, 'tests')} failed`;
  }
  return attestation.reasons[0] ?? (summaryLine(attestation) || 'not compliant');
}
