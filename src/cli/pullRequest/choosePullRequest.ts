import { EvidentError } from '../../core/errors.ts';
import type { PullRequestCandidate } from './pullRequestRead.ts';

/** Same commit when one hash is a prefix of the other (Bitbucket reports 12-digit hashes). */
function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x));
}

function updatedTime(candidate: PullRequestCandidate): number {
  const time = candidate.updatedAt === undefined ? Number.NaN : Date.parse(candidate.updatedAt);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** Most recently updated first; ties (or no times) by the higher number, so the order is stable. */
function newestFirst(a: PullRequestCandidate, b: PullRequestCandidate): number {
  return updatedTime(b) - updatedTime(a) || b.number - a.number;
}

/**
 * The pull request of `commit` among those the provider associates with it:
 * - none → `not_found`, telling the user to pass the number;
 * - exactly one → that one;
 * - several → the merged one whose merge commit is `commit` (the build runs on what that merge
 *   produced), else the most recently updated; the returned note says which and why, so the choice
 *   is visible in the CLI output.
 */
export function choosePullRequest(
  candidates: readonly PullRequestCandidate[],
  commit: string,
  repository: string,
): { number: number; note?: string } {
  const byNumber = new Map<number, PullRequestCandidate>();
  for (const candidate of candidates) byNumber.set(candidate.number, candidate);
  const unique = [...byNumber.values()];
  const [only] = unique;
  if (only === undefined) {
    throw new EvidentError(
      'not_found',
      `no pull request found for commit ${commit} in ${repository}; pass --pr N`,
    );
  }
  if (unique.length === 1) return { number: only.number };
  const merges = unique
    .filter((c) => c.state === 'merged' && c.mergeCommits.some((m) => sameCommit(m, commit)))
    .sort(newestFirst);
  const chosen = merges[0] ?? [...unique].sort(newestFirst)[0] ?? only;
  const numbers = unique
    .map((c) => c.number)
    .sort((a, b) => a - b)
    .join(', ');
  const why = merges.length > 0 ? `the one merged as ${commit}` : 'the most recently updated';
  return {
    number: chosen.number,
    note: `commit ${commit} belongs to ${unique.length} pull requests in ${repository} (${numbers}); read ${chosen.number}, ${why} (pass --pr N to choose another)`,
  };
}
