/**
 * Security severity of a SARIF rule, from the `security-severity` member of its property bag
 * (a SARIF 2.1.0 property bag, §3.8). The convention and the
 * buckets are GitHub code scanning's ("SARIF support for code scanning", reportingDescriptor
 * object): a CVSS-like score 0.0–10.0 where critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9,
 * low 0.1–3.9. Some tools (Semgrep) write the word instead of a number; Snyk writes "undefined".
 */

/** Most severe first. */
export const SECURITY_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type SecuritySeverity = (typeof SECURITY_SEVERITIES)[number];

/** `none` is a score below 0.1 (CVSS "None"); `unknown` is a value that is neither a score nor a word. */
export type SecuritySeverityBucket = SecuritySeverity | 'none' | 'unknown';

export const SECURITY_SEVERITY_BUCKETS: readonly SecuritySeverityBucket[] = [
  ...SECURITY_SEVERITIES,
  'none',
  'unknown',
];

function bucketOfScore(score: number): SecuritySeverityBucket {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score >= 0.1) return 'low';
  return 'none';
}

/** The bucket of a `security-severity` value; undefined when the property is absent. */
export function securitySeverityBucket(value: unknown): SecuritySeverityBucket | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return bucketOfScore(value);
  if (typeof value !== 'string') return 'unknown';
  const text = value.trim();
  if (/^\d{1,2}(\.\d+)?$/.test(text)) return bucketOfScore(Number(text));
  const word = text.toLowerCase();
  if (word === 'none') return 'none';
  return SECURITY_SEVERITIES.find((s) => s === word) ?? 'unknown';
}

/** True if `bucket` is `threshold` or more severe. */
export function atOrAboveSecuritySeverity(
  bucket: SecuritySeverityBucket | undefined,
  threshold: SecuritySeverity,
): boolean {
  const rank = SECURITY_SEVERITIES.findIndex((s) => s === bucket);
  return rank !== -1 && rank <= SECURITY_SEVERITIES.indexOf(threshold);
}
