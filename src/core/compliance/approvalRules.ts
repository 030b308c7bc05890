import { EvidentError, type ErrorCode } from '../errors.ts';
import type { Approval, ChangeCommit, Decision } from '../model/approval.ts';
import { signatureNames } from '../model/commitPerson.ts';
import type { Actor } from '../model/ledgerEvent.ts';

/** A refusal, with the rule that refused in `details.rule` so clients can tell them apart. */
function refuse(code: ErrorCode, rule: string, message: string): never {
  throw new EvidentError(code, message, { rule });
}

/**
 * The person an actor is. Approvals and exceptions name an accountable human (DESIGN §4): a token
 * must act for a user; a service account's token, or one owned by nobody, never decides.
 */
function personOf(actor: Actor, what: string): string {
  if (actor.type === 'token' && actor.user !== undefined) return actor.user;
  if (actor.type === 'token' && actor.serviceAccount !== undefined)
    refuse(
      'forbidden',
      'service_account',
      `service account ${actor.serviceAccount} cannot ${what}: a person must`,
    );
  return refuse('forbidden', 'not_a_person', `only a person can ${what}: sign in as a user`);
}

/** Break-glass is for a named user with the admin or approver role. */
export function checkBreakGlass(actor: Actor): string {
  const person = personOf(actor, 'break the glass');
  if (actor.type !== 'token' || (actor.role !== 'admin' && actor.role !== 'approver'))
    refuse('forbidden', 'role', `${person} cannot break the glass: it needs the admin or approver role`);
  return person;
}

export interface DecisionInput {
  readonly actor: Actor;
  /** The deciding user's display name (their username is the actor's). */
  readonly displayName: string;
  readonly approval: Approval;
  readonly decision: Decision;
  readonly comment: string | null;
  /** The commits of the change when a policy of the environment excludes their authors, else null. */
  readonly excludedAuthors: readonly ChangeCommit[] | null;
}

/**
 * The rules a decision on a request (or the review of an exception) must pass, each enforced by
 * the server before anything is recorded (issue #6):
 *
 * - a person decides: a user's token, never a service account's or an unowned one;
 * - with the approver role (an exception may also be reviewed by an admin);
 * - on a request still open: not rejected, not superseded by a newer request for the same
 *   artifact, not past its deadline; an exception is reviewed once;
 * - not by whoever asked (or broke the glass): four eyes;
 * - once per person: a second decision is refused rather than replacing the first (decisions are
 *   ledger entries, never edited, and others may have relied on the first);
 * - with `excludeCommitAuthors`, not by an author or committer of a commit in the change;
 * - a rejection says why.
 *
 * Returns the deciding username.
 */
export function checkDecision(input: DecisionInput): string {
  const { actor, approval } = input;
  const request = approval.kind === 'request';
  const person = personOf(actor, request ? 'decide approvals' : 'review exceptions');
  const role = actor.type === 'token' ? actor.role : '';
  if (role !== 'approver' && (request || role !== 'admin'))
    refuse(
      'forbidden',
      'role',
      `${person} has the ${role} role; ${request ? 'approving needs the approver role' : 'reviewing needs the approver or admin role'}`,
    );
  if (!request && approval.status !== 'unreviewed')
    refuse('conflict', 'closed', `exception ${approval.id} was already reviewed (${approval.status})`);
  if (request && approval.status === 'rejected')
    refuse('conflict', 'closed', `request ${approval.id} was rejected; request approval again`);
  if (approval.supersededBy !== null)
    refuse(
      'conflict',
      'stale',
      `request ${approval.id} is stale: request ${approval.supersededBy} asks for a newer build of the same artifact`,
    );
  if (approval.stale)
    refuse(
      'conflict',
      'stale',
      `request ${approval.id} expired at ${approval.expiresAt ?? ''}; request approval again`,
    );
  if (approval.requestedBy.kind === 'user' && approval.requestedBy.name === person)
    refuse(
      'forbidden',
      'self_approval',
      request
        ? `${person} asked for this approval and cannot approve it`
        : `${person} broke the glass and cannot review it`,
    );
  if (approval.decisions.some((d) => d.by === person))
    refuse('conflict', 'decided_twice', `${person} already decided on ${approval.kind} ${approval.id}`);
  const authored = (input.excludedAuthors ?? []).find((c) =>
    [c.author, c.committer].some(
      (signature) =>
        signature !== null && signatureNames(signature, { username: person, displayName: input.displayName }),
    ),
  );
  if (authored !== undefined)
    refuse(
      'forbidden',
      'commit_author',
      `${person} authored or committed ${authored.sha.slice(0, 12)} (${authored.flow}/${authored.trail}), part of this change`,
    );
  if (input.decision === 'reject' && (input.comment ?? '').trim() === '')
    refuse('bad_request', 'comment', 'a rejection needs a comment saying why');
  return person;
}
