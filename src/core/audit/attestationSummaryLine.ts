import type { JsonValue } from '../ledger/canonicalJson.ts';

/**
 * One short line of what an attestation's evaluation found, from the summary the server recorded
 * (src/core/compliance/*): "38 of 40 passed, 2 failed", "3 findings: 1 CRITICAL, 2 HIGH"; '' when
 * the type has no summary we know. Pure: the web UI imports it too (web/src/attestationSummary.ts),
 * so the report and the pages read alike.
 */
export function attestationSummaryLine(type: string, summary: JsonValue): string {
  if (typeof summary !== 'object' || summary === null || Array.isArray(summary)) return '';
  // own keys only: a type named "constructor" or "toString" has no summary line either
  const line = Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;
  return line === undefined ? '' : line(summary);
}

type Summary = { readonly [key: string]: JsonValue };

const num = (s: Summary, key: string): number => {
  const value = s[key];
  return typeof value === 'number' ? value : 0;
};

const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;

/** "1 CRITICAL, 2 HIGH" of the non-zero counts of a severity table. */
function counts(table: JsonValue | undefined): string {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return '';
  return Object.entries(table)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}

const BY_TYPE: Readonly<Record<string, (s: Summary) => string>> = {
  junit: (s) => {
    const failed = num(s, 'failures') + num(s, 'errors');
    const parts = [`${num(s, 'passed')} of ${num(s, 'tests')} passed`];
    if (failed > 0) parts.push(`${failed} failed`);
    if (num(s, 'skipped') > 0) parts.push(`${num(s, 'skipped')} skipped`);
    return parts.join(', ');
  },
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
  jira: (s) =>
    Array.isArray(s.keys) && s.keys.length > 0
      ? s.keys.filter((k) => typeof k === 'string').join(', ')
      : 'no ticket keys',
  approval: (s) => {
    const by = typeof s.by === 'string' ? s.by : 'someone';
    const where = typeof s.environment === 'string' ? ` for ${s.environment}` : '';
    if (s.kind === 'exception') return `break-glass by ${by}${where}`;
    return `${s.decision === 'reject' ? 'rejected' : 'approved'} by ${by}${where}`;
  },
  generic: (s) =>
    `claimed ${s.claimedCompliant === true ? 'compliant' : 'not compliant'}${
      typeof s.description === 'string' && s.description !== '' ? `: ${s.description}` : ''
    }`,
};
