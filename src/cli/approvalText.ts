import type { Approval } from '../core/model/approval.ts';
import { shortFingerprint, shownInstant } from './environmentText.ts';
import { joinReasons, type Table } from './output.ts';

/** "request 42" / "exception 57": how commands name an approval. */
export function approvalName(approval: Pick<Approval, 'kind' | 'id'>): string {
  return `${approval.kind} ${approval.id}`;
}

/** Its state in words: a stale request says so, a request counts its approvals. */
export function approvalState(approval: Approval): string {
  if (approval.kind === 'exception')
    return approval.status === 'unreviewed' ? 'UNREVIEWED' : `reviewed: ${approval.status}`;
  if (approval.stale)
    return approval.supersededBy === null
      ? 'stale (expired)'
      : `stale (superseded by ${approval.supersededBy})`;
  const approvers = new Set(approval.decisions.filter((d) => d.decision === 'approve').map((d) => d.by)).size;
  return approval.status === 'pending'
    ? `pending, ${approvers} of ${approval.required} approvals`
    : approval.status;
}

/** Who asked (or broke the glass). */
export function requester(approval: Approval): string {
  const { kind, name } = approval.requestedBy;
  return kind === 'user' ? (name ?? '') : `${kind.replace('_', ' ')} ${name ?? ''}`.trim();
}

/**
 * One approval for a person to judge: what it lets in and where, what it replaces, the commits
 * (with authors) and the decisions so far.
 */
export function approvalView(approval: Approval): { title: string; notes: string[]; table: Table } {
  const change = approval.change;
  const since = change?.since;
  const notes = [
    `asked by ${requester(approval)} at ${shownInstant(approval.createdAt)}${approval.comment === null ? '' : `: ${approval.comment}`}`,
    ...(since === undefined || since === null
      ? []
      : [
          `replaces ${since.name} (${shortFingerprint(since.fingerprint)}, ${since.basis})${since.commits.length === 0 ? '' : `, built from ${since.commits.map((c) => c.slice(0, 12)).join(', ')}`}`,
        ]),
    ...(change === null
      ? []
      : [
          `verdict when asked: ${change.verdict.compliant ? 'compliant' : `NOT compliant: ${joinReasons(change.verdict.reasons)}`}`,
        ]),
    ...approval.decisions.map(
      (d) =>
        `${d.decision === 'approve' ? 'approved' : 'REJECTED'} by ${d.by} at ${shownInstant(d.at)}${d.comment === null ? '' : `: ${d.comment}`}`,
    ),
  ];
  return {
    title: `${approvalName(approval)}: ${shortFingerprint(approval.fingerprint)} into ${approval.environment}, ${approvalState(approval)}`,
    notes,
    table: {
      headers: ['commit', 'trail', 'author', 'committer', 'message'],
      rows: (change?.commits ?? []).map((c) => [
        c.sha.slice(0, 12),
        `${c.flow}/${c.trail}`,
        c.author ?? '',
        c.committer ?? '',
        c.message ?? '',
      ]),
    },
  };
}
