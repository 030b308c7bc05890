import type { Actor } from './actor.ts';

/**
 * Approvals (DESIGN §4 "Approval", issue #6): a person with the approver role accepts the risk of
 * one artifact (by fingerprint) going into one environment. Four events, all in the ledger:
 *
 * - `approval.requested` — someone (usually a pipeline) asks, with the change since what was last
 *   running or approved there;
 * - `approval.decided` — an approver approves or rejects a request, with a comment;
 * - `approval.exception` — break-glass: a named user lets the fingerprint in without approval, with
 *   a reason; it counts as approval until reviewed and rejected;
 * - `approval.exception_reviewed` — the after-the-fact review of an exception.
 *
 * A request and an exception are both "approvals" with an id: the index of the entry that created
 * it. Decisions on a request and the review of an exception are made the same way (approve or
 * reject an id).
 */
export const APPROVAL_REQUESTED = 'approval.requested';
export const APPROVAL_DECIDED = 'approval.decided';
export const APPROVAL_EXCEPTION = 'approval.exception';
export const APPROVAL_EXCEPTION_REVIEWED = 'approval.exception_reviewed';

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export type ApprovalKind = 'request' | 'exception';

/**
 * A request is `pending` until enough distinct approvals make it `approved`, or one rejection makes
 * it `rejected` (a veto: its approvals stop counting). An exception is `unreviewed` until reviewed.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'unreviewed';

/** Who acted: a person, a CI service account, a token owned by neither, or the server itself. */
export interface Party {
  readonly kind: 'user' | 'service_account' | 'token' | 'system';
  readonly name: string | null;
}

/** The party an actor stands for; approvals name people, so a user's token is that user. */
export function partyOf(actor: Actor): Party {
  if (actor.type === 'user') return { kind: 'user', name: actor.username };
  if (actor.type === 'system') return { kind: 'system', name: null };
  if (actor.user !== undefined) return { kind: 'user', name: actor.user };
  if (actor.serviceAccount !== undefined) return { kind: 'service_account', name: actor.serviceAccount };
  return { kind: 'token', name: actor.id };
}

/** One report of the fingerprint in the change: where it was built and how its trail stands. */
export interface ChangeArtifact {
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

/** A commit of the change: the commit of a trail that reported the fingerprint. */
export interface ChangeCommit {
  readonly flow: string;
  readonly trail: string;
  readonly sha: string;
  /** "Name <email>", as git records them. */
  readonly author: string | null;
  readonly committer: string | null;
  /** The first line of the message. */
  readonly message: string | null;
}

/**
 * What the change starts from: the artifact of the same flow and name running in the environment,
 * or else the last one approved there, with the commits of its trails when they are known (so the
 * change reads "from these commits to those").
 */
export interface ChangeBase {
  readonly basis: 'running' | 'approved';
  readonly name: string;
  readonly fingerprint: string;
  readonly commits: readonly string[];
}

/**
 * The change a request asks to let in, as the server saw it when the request was made. Bounded:
 * at most MAX_CHANGE_ITEMS artifacts and commits (`truncated` says when more existed).
 */
export interface ApprovalChange {
  readonly artifacts: readonly ChangeArtifact[];
  readonly commits: readonly ChangeCommit[];
  readonly since: ChangeBase | null;
  /** The environment's verdict on the fingerprint then (approvals included). */
  readonly verdict: { readonly compliant: boolean; readonly reasons: readonly string[] };
  readonly truncated: boolean;
}

export const MAX_CHANGE_ITEMS = 20;

/** An approval or rejection of a request, or the review of an exception. */
export interface ApprovalDecision {
  readonly index: number;
  readonly decision: Decision;
  /** The username of the person who decided. */
  readonly by: string;
  readonly comment: string | null;
  readonly at: string;
}

/** A request or a break-glass exception, with its decisions. */
export interface Approval {
  /** The index of the entry that created it. */
  readonly id: number;
  readonly kind: ApprovalKind;
  readonly environment: string;
  readonly fingerprint: string;
  readonly status: ApprovalStatus;
  /** Who asked, or (exception) the person who broke the glass. */
  readonly requestedBy: Party;
  /** The request's comment, or the exception's reason. */
  readonly comment: string | null;
  /** Distinct approvals the environment's policies asked for when it was requested (exception: 1). */
  readonly required: number;
  /** A request takes decisions until then (null: no limit). */
  readonly expiresAt: string | null;
  /** A newer request for the same artifact (same flow and name, another fingerprint). */
  readonly supersededBy: number | null;
  /** A pending request that takes no more decisions: superseded, or past `expiresAt`. */
  readonly stale: boolean;
  readonly change: ApprovalChange | null;
  readonly decisions: readonly ApprovalDecision[];
  readonly createdAt: string;
}

/** What `GET …/approvals?status=` selects. */
export const APPROVAL_FILTERS = [
  'pending',
  'approved',
  'rejected',
  'decided',
  'stale',
  'exception',
  'exception-unreviewed',
  'exception-reviewed',
] as const;
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number];

/** The approval gate's answer for one fingerprint in one environment (`assert approval`). */
export interface ApprovalCheck {
  readonly approved: boolean;
  readonly reasons: readonly string[];
  /** Break-glass exceptions it stands on. */
  readonly notes: readonly string[];
  /** The distinct approvers whose approvals count now. */
  readonly approvers: readonly string[];
}

/** Longest comment or reason kept. */
export const MAX_COMMENT = 2000;
