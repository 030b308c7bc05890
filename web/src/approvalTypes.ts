// The shapes of approvals as the API answers them (src/core/model/approval.ts), as JSON.

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'unreviewed';
export type Decision = 'approve' | 'reject';

/** Who acted: a person, a CI service account, a token owned by neither, or the server itself. */
export interface Party {
  readonly kind: 'user' | 'service_account' | 'token' | 'system';
  readonly name: string | null;
}

export interface ChangeArtifact {
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly fingerprint: string;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

export interface ChangeCommit {
  readonly flow: string;
  readonly trail: string;
  readonly sha: string;
  /** "Name <email>", as git records them. */
  readonly author: string | null;
  readonly committer: string | null;
  readonly message: string | null;
}

/** What the change replaces: the same artifact running there, or else the last one approved there. */
export interface ChangeBase {
  readonly basis: 'running' | 'approved';
  readonly name: string;
  readonly fingerprint: string;
  readonly commits: readonly string[];
}

/** The change a request asks to let in, as the server saw it when the request was made. */
export interface ApprovalChange {
  readonly artifacts: readonly ChangeArtifact[];
  readonly commits: readonly ChangeCommit[];
  readonly since: ChangeBase | null;
  readonly verdict: { readonly compliant: boolean; readonly reasons: readonly string[] };
  readonly truncated: boolean;
}

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
  readonly id: number;
  readonly kind: 'request' | 'exception';
  readonly environment: string;
  readonly fingerprint: string;
  readonly status: ApprovalStatus;
  /** Who asked, or (exception) the person who broke the glass. */
  readonly requestedBy: Party;
  /** The request's comment, or the exception's reason. */
  readonly comment: string | null;
  readonly required: number;
  readonly expiresAt: string | null;
  readonly supersededBy: number | null;
  /** A pending request that takes no more decisions: superseded, or past `expiresAt`. */
  readonly stale: boolean;
  readonly change: ApprovalChange | null;
  readonly decisions: readonly ApprovalDecision[];
  readonly createdAt: string;
}

/** `GET …/approvals?status=…`: newest first, `next` is the `before` of the following page. */
export interface ApprovalPage {
  readonly approvals: readonly Approval[];
  readonly next: string | null;
}

/** How a party reads in a sentence: "alice", "ci (service account)". */
export function partyName(party: Party): string {
  switch (party.kind) {
    case 'user':
      return party.name ?? 'a user';
    case 'service_account':
      return `${party.name ?? '?'} (service account)`;
    case 'token':
      return 'an API token owned by nobody';
    case 'system':
      return 'the server';
  }
}

/**
 * An approval with the trails that built its artifact: a request recorded them in its change; for a
 * break-glass exception they are looked up, since it records the fingerprint only.
 */
export interface ListedApproval {
  readonly approval: Approval;
  readonly builds: readonly ChangeArtifact[];
}

/** The artifact's name(s) as the trails that built it reported them. */
export function artifactName(builds: readonly ChangeArtifact[]): string {
  const names = [...new Set(builds.map((b) => b.name))];
  return names.length === 0 ? 'unreported artifact' : names.join(', ');
}
