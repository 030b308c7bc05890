// Who may decide what, mirrored from the server's rules (src/core/compliance/approvalRules.ts) so that
// nobody is offered a button the server will refuse. The server still judges every decision; the
// rules it alone can check (commit authors under excludeCommitAuthors) surface as its refusal.
import type { Session } from './api.ts';
import type { Approval } from './approvalTypes.ts';

/** Why this session may not decide on any request (or review any exception), or null when it may. */
export function roleBarrier(session: Session, kind: Approval['kind']): string | null {
  const { actor, role } = session;
  if (actor.kind === 'service_account')
    return `You are signed in with the token of service account ${actor.name ?? ''}: decisions name an accountable person, so sign in as yourself to decide.`;
  if (actor.kind !== 'user')
    return 'You are signed in with an API token that belongs to no person: decisions name an accountable person, so sign in as yourself to decide.';
  if (kind === 'request' && role !== 'approver')
    return `You have the ${role} role: you can read every request, but only a person with the approver role can approve or reject one.`;
  if (kind === 'exception' && role !== 'approver' && role !== 'admin')
    return `You have the ${role} role: only a person with the approver or admin role can review a break-glass exception.`;
  return null;
}

/** Why the signed-in person may not decide on this one (four eyes, once each, still open), or null. */
export function personalBarrier(session: Session, approval: Approval): string | null {
  const me = session.actor.name;
  const request = approval.kind === 'request';
  if (approval.supersededBy !== null)
    return `Request ${approval.supersededBy} asks for a newer build of the same artifact: decide on that one.`;
  if (approval.stale) return 'This request expired: the pipeline has to ask again.';
  if (approval.requestedBy.kind === 'user' && approval.requestedBy.name === me)
    return request
      ? 'You asked for this approval, so someone else has to decide (four eyes).'
      : 'You broke the glass, so someone else has to review it (four eyes).';
  const mine = approval.decisions.find((d) => d.by === me);
  if (mine !== undefined)
    return `You already ${mine.decision === 'approve' ? 'approved' : 'rejected'} this; each person decides once.`;
  return null;
}
