// The shapes of approvals as the API answers them: the server's own model (src/core/model/approval.ts),
// whose fields are JSON already (times are ISO strings). Imported as types only, so nothing of the
// server reaches the browser bundle.
import type { Approval, ChangeArtifact, Party } from '../../src/core/model/approval.ts';

export type {
  Approval,
  ApprovalChange,
  ApprovalDecision,
  ApprovalStatus,
  ChangeArtifact,
  ChangeBase,
  ChangeCommit,
  Decision,
  Party,
} from '../../src/core/model/approval.ts';

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
  /** The names its environment's snapshots ran the fingerprint under (any environment's if none). */
  readonly ranAs: readonly string[];
}

/**
 * The artifact's name(s) as the trails that built it reported them; for one no pipeline reported,
 * the name it ran under, as people saw it deployed.
 */
export function artifactName({ builds, ranAs }: Pick<ListedApproval, 'builds' | 'ranAs'>): string {
  const names = [...new Set(builds.length > 0 ? builds.map((b) => b.name) : ranAs)];
  return names.length === 0 ? 'unreported artifact' : names.join(', ');
}
