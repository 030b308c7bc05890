import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation } from '../evaluation.ts';
import { parsePullRequestData } from './pullRequestData.ts';
import type { PullRequestData } from './pullRequestData.ts';
import { parsePullRequestParams } from './pullRequestParams.ts';
import type { PullRequestParams } from './pullRequestParams.ts';

/** Logins compare case-insensitively (GitHub, GitLab and Bitbucket logins are case-insensitive). */
function loginKey(login: string): string {
  return login.trim().toLowerCase();
}

/**
 * Who approved, keyed by login: everyone in `approvers`, plus everyone whose latest decisive review
 * is `approved` (a later `changes_requested` or `dismissed` review withdraws it; `commented` and
 * `pending` change nothing). Also who currently requests changes.
 */
function approvalsOf(data: PullRequestData): { approved: Map<string, string>; blocking: string[] } {
  const approved = new Map<string, string>();
  for (const login of data.approvers ?? []) {
    if (!approved.has(loginKey(login))) approved.set(loginKey(login), login.trim());
  }
  const latest = new Map<string, { login: string; state: 'approved' | 'changes_requested' | 'dismissed' }>();
  for (const review of data.reviews ?? []) {
    if (review.state === 'commented' || review.state === 'pending') continue;
    latest.set(loginKey(review.author), { login: review.author.trim(), state: review.state });
  }
  const blocking: string[] = [];
  for (const [key, review] of latest) {
    if (review.state === 'approved' && !approved.has(key)) approved.set(key, review.login);
    if (review.state === 'changes_requested') blocking.push(review.login);
  }
  return { approved, blocking };
}

function names(logins: readonly string[]): string {
  if (logins.length <= 1) return logins.join('');
  return `${logins.slice(0, -1).join(', ')} and ${logins[logins.length - 1] ?? ''}`;
}

function approvalsWord(count: number): string {
  return count === 1 ? '1 approval' : `${count} approvals`;
}

function approvalReason(
  data: PullRequestData,
  params: PullRequestParams,
  counted: readonly string[],
  selfApproved: boolean,
  excluded: readonly string[],
): string {
  const author = data.author.trim();
  const needed = `it needs ${approvalsWord(params.minApprovals)} from people other than its author ${author}`;
  const notes: string[] = [];
  if (excluded.length > 0) {
    notes.push(`Approvals by commit authors do not count (excludeCommitAuthors): ${names(excluded)}.`);
  }
  const suffix = notes.length > 0 ? ` ${notes.join(' ')}` : '';
  if (counted.length === 0 && selfApproved && excluded.length === 0) {
    return `Only the author (${author}) approved the pull request; ${needed}.`;
  }
  if (counted.length === 0) {
    const self = selfApproved ? ` (the author's own approval does not count)` : '';
    return `No one other than the author approved the pull request${self}; ${needed}.${suffix}`;
  }
  const self = selfApproved ? `; the author's own approval does not count` : '';
  return `Approved by ${names(counted)} only: ${counted.length} of the ${approvalsWord(params.minApprovals)} needed from people other than its author ${author}${self}.${suffix}`;
}

/**
 * `pull_request`: compliant when at least `minApprovals` distinct people other than the author
 * approved (logins compared case-insensitively), and, with `requireMerged`, the pull request is
 * merged. With `excludeCommitAuthors`, people who authored or committed any of its commits do not
 * count either (four eyes on every change, not just on the opener's).
 */
export const pullRequestEvaluator: AttestationEvaluator<PullRequestParams> = {
  type: 'pull_request',
  parseParams: parsePullRequestParams,
  evaluate({ data, params }): Evaluation {
    const pr = parsePullRequestData(data);
    const { approved, blocking } = approvalsOf(pr);
    const author = loginKey(pr.author);
    const commitAuthors = new Set<string>();
    if (params.excludeCommitAuthors) {
      for (const commit of pr.commits ?? []) {
        if (commit.author !== undefined) commitAuthors.add(loginKey(commit.author));
        if (commit.committer !== undefined) commitAuthors.add(loginKey(commit.committer));
      }
    }
    const counted: string[] = [];
    const excluded: string[] = [];
    for (const [key, login] of approved) {
      if (key === author) continue;
      if (commitAuthors.has(key)) excluded.push(login);
      else counted.push(login);
    }
    counted.sort();
    excluded.sort();
    const selfApproved = approved.has(author);
    const reasons: string[] = [];
    if (counted.length < params.minApprovals) {
      reasons.push(approvalReason(pr, params, counted, selfApproved, excluded));
    }
    if (params.requireMerged && pr.state !== 'merged') {
      reasons.push(`The pull request is ${pr.state}, not merged (requireMerged).`);
    }
    const summary: { [key: string]: JsonValue } = {
      provider: pr.provider,
      url: pr.url,
      state: pr.state,
      author: pr.author.trim(),
      approvers: counted,
      approvals: counted.length,
      selfApproved,
      changesRequestedBy: blocking.sort(),
    };
    if (pr.number !== undefined) summary.number = pr.number;
    if (excluded.length > 0) summary.excludedApprovers = excluded;
    if (pr.mergedBy !== undefined) summary.mergedBy = pr.mergedBy;
    return { compliant: reasons.length === 0, claimed: false, summary, reasons };
  },
};
