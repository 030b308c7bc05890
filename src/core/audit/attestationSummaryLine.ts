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

const str = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** An object value of a summary, or an empty one. */
const obj = (value: JsonValue | undefined): Summary =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};

/**
 * What the signature check of an intoto attestation came to (core/intoto/signatureVerdict.ts
 * `signatures.outcome`): "signed by key sha256:ec45…", "Sigstore: uri:… (chain not verified)",
 * "signature not verified (no key given)", "unsigned", "signature NOT verified".
 */
function signatureWords(signatures: Summary): string {
  const by = obj(signatures.verifiedBy);
  const key = `key sha256:${(str(by.spkiSha256) ?? '').slice(0, 12)}…`;
  const names = obj(by.certificate).subjectAlternativeNames;
  const name = Array.isArray(names) ? str(names[0]) : undefined;
  switch (signatures.outcome) {
    case 'unsigned':
      return 'unsigned';
    case 'unverified':
      return 'signature not verified (no key given)';
    case 'key':
      return `signed by ${key}${name === undefined ? '' : ` (${name})`}`;
    case 'sigstore-certificate':
      return `Sigstore: ${name ?? key} (chain not verified)`;
    case 'failed':
      return 'signature NOT verified';
    default:
      return '';
  }
}

/** The predicate's own finding, where the intoto evaluator judges one (inTotoEvaluator.ts). */
function predicateWords(s: Summary): string {
  const type = str(s.predicateType) ?? '';
  const result = str(s.verificationResult) ?? str(s.result);
  if (type.startsWith('https://slsa.dev/verification_summary/')) return `VSA ${result ?? 'without a result'}`;
  if (type === 'https://in-toto.io/attestation/test-result/v0.1')
    return `tests ${result ?? 'without a result'}`;
  if (type.startsWith('https://in-toto.io/attestation/vulns')) {
    const results = num(s, 'results');
    const found = counts(s.bySeverity);
    return results === 0 ? 'no vulnerabilities' : `${plural(results, 'vulnerability result')}: ${found}`;
  }
  return '';
}

const BY_TYPE: Readonly<Record<string, (s: Summary) => string>> = {
  intoto: (s) =>
    [predicateWords(s), signatureWords(obj(s.signatures))].filter((part) => part !== '').join('; '),
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
