/*
 * Severity of a vulnerability from the `severity` entries of an in-toto vulns v0.2 result
 * (spec/predicates/vulns_02.md: `method` and `score`, both strings): a qualitative word, a numeric
 * CVSS score, or a CVSS v3.x vector whose base score is computed per CVSS v3.1 Specification §7.1
 * and Appendix A (Roundup); the rating bands are §5 (Qualitative Severity Rating Scale).
 */

export const VULN_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNKNOWN'] as const;
export type VulnSeverity = (typeof VULN_SEVERITIES)[number];

/** CVSS v3.1 §5: 0.0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical. */
export function ratingOf(score: number): VulnSeverity {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'UNKNOWN';
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** CVSS v3.1 Appendix A: the smallest number, to one decimal place, equal to or higher than input. */
function roundUp(input: number): number {
  const intInput = Math.round(input * 100000);
  return intInput % 10000 === 0 ? intInput / 100000 : (Math.floor(intInput / 10000) + 1) / 10;
}

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** The CVSS v3.0/v3.1 base score of a vector (§7.1), or undefined when it is not a v3 base vector. */
export function cvss3BaseScore(vector: string): number | undefined {
  const match = /^CVSS:3\.[01]\/(.*)$/.exec(vector.trim());
  if (match?.[1] === undefined) return undefined;
  const metrics = new Map<string, string>();
  for (const part of match[1].split('/')) {
    const [key, value] = part.split(':');
    if (key === undefined || value === undefined || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  const pick = (table: Readonly<Record<string, number>>, key: string): number | undefined => {
    const value = metrics.get(key);
    return value !== undefined && Object.hasOwn(table, value) ? table[value] : undefined;
  };
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 };
  const av = pick(WEIGHTS.AV, 'AV');
  const ac = pick(WEIGHTS.AC, 'AC');
  const privileges = pick(pr, 'PR');
  const ui = pick(WEIGHTS.UI, 'UI');
  const c = pick(WEIGHTS.CIA, 'C');
  const i = pick(WEIGHTS.CIA, 'I');
  const a = pick(WEIGHTS.CIA, 'A');
  if ([av, ac, privileges, ui, c, i, a].some((w) => w === undefined)) return undefined;
  const iss = 1 - (1 - (c ?? 0)) * (1 - (i ?? 0)) * (1 - (a ?? 0));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * (av ?? 0) * (ac ?? 0) * (privileges ?? 0) * (ui ?? 0);
  if (impact <= 0) return 0;
  return roundUp(Math.min((changed ? 1.08 : 1) * (impact + exploitability), 10));
}

const WORDS: Readonly<Record<string, VulnSeverity>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  important: 'HIGH',
  medium: 'MEDIUM',
  moderate: 'MEDIUM',
  low: 'LOW',
  negligible: 'LOW',
  none: 'NONE',
};

/** The severity one `score` string expresses, whatever its method; UNKNOWN when none can be read. */
export function severityOfScore(score: string): VulnSeverity {
  const text = score.trim();
  const word = WORDS[text.toLowerCase()];
  if (word !== undefined) return word;
  if (/^\d{1,2}(\.\d+)?$/.test(text)) return ratingOf(Number(text));
  const base = cvss3BaseScore(text);
  return base === undefined ? 'UNKNOWN' : ratingOf(base);
}

/** The highest severity among a result's scores (UNKNOWN only when none is readable). */
export function highestSeverity(scores: readonly string[]): VulnSeverity {
  const rank = (s: VulnSeverity) => VULN_SEVERITIES.indexOf(s);
  const known = scores.map(severityOfScore).filter((s) => s !== 'UNKNOWN');
  return known.reduce<VulnSeverity>(
    (best, s) => (best === 'UNKNOWN' || rank(s) < rank(best) ? s : best),
    'UNKNOWN',
  );
}
