import type { ApprovalRule } from '../model/policy.ts';

/**
 * An approval in force for an artifact in an environment: an `approve` decision on a request that
 * was not rejected, or a break-glass exception that was not rejected on review.
 */
export interface ApprovalGrant {
  /** The username of the approver, or of the person who broke the glass. */
  readonly by: string;
  readonly at: string;
  /** Set for a break-glass exception: its reason. */
  readonly exception?: string;
}

/** The approvals of one fingerprint in one environment, as of the moment of a verdict. */
export interface ApprovalFacts {
  /**
   * When the artifact's current run in the environment began (for a gate, or an artifact starting
   * now: the moment of the verdict). An approval counts when it had not expired by then: a
   * deployment made under a valid approval stays approved while it runs.
   */
  readonly since: string;
  readonly grants: readonly ApprovalGrant[];
}

/** No approvals at all. */
export const NO_APPROVALS: ApprovalFacts = { since: '', grants: [] };

export interface ApprovalOutcome {
  readonly satisfied: boolean;
  /** Distinct approvers whose approvals count. */
  readonly approvers: readonly string[];
  /** Why the rule is not satisfied. */
  readonly reason?: string;
  /** The break-glass exception the rule is satisfied by, when approvals alone do not satisfy it. */
  readonly note?: string;
}

const HOUR = 3600_000;

/** Whether a grant given at `at` still counted at `since`, under the rule's expiry. */
function counts(rule: Pick<ApprovalRule, 'expiresAfterHours'>, grant: ApprovalGrant, since: string): boolean {
  if (rule.expiresAfterHours === undefined) return true;
  return Date.parse(since) < Date.parse(grant.at) + rule.expiresAfterHours * HOUR;
}

/**
 * Whether the approvals satisfy an approval rule: `approvers` distinct people approved and their
 * approvals had not expired when the artifact's run began; or, failing that, a break-glass exception
 * (under the same expiry) lets it in, flagged with who broke the glass and why.
 */
export function approvalOutcome(
  rule: Pick<ApprovalRule, 'approvers' | 'expiresAfterHours'>,
  facts: ApprovalFacts,
  environment: string,
): ApprovalOutcome {
  const valid = facts.grants.filter((g) => counts(rule, g, facts.since));
  const approvers = [...new Set(valid.filter((g) => g.exception === undefined).map((g) => g.by))].sort();
  if (approvers.length >= rule.approvers) return { satisfied: true, approvers };
  const exception = valid.filter((g) => g.exception !== undefined).at(-1);
  if (exception !== undefined) {
    return {
      satisfied: true,
      approvers,
      note: `running under break-glass exception by ${exception.by}: ${exception.exception ?? ''}`,
    };
  }
  // People whose approval lapsed and who have none that counts.
  const expired = new Set(
    facts.grants.filter((g) => !valid.includes(g) && !approvers.includes(g.by)).map((g) => g.by),
  ).size;
  const needs = `needs ${rule.approvers} approval${rule.approvers === 1 ? '' : 's'}`;
  return {
    satisfied: false,
    approvers,
    reason: `${needs} to run in ${environment}, has ${approvers.length}${
      expired > 0 ? ` (${expired} expired after ${rule.expiresAfterHours ?? 0} h)` : ''
    }`,
  };
}
