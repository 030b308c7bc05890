import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import { partyOf, type ApprovalChange, type Decision } from '../core/model/approval.ts';
import {
  saveApprovalDecision,
  saveApprovalException,
  saveApprovalRequest,
} from '../storage/approvalProjection.ts';
import type { Projector } from './projector.ts';

// Event data as ApprovalService writes it; the ledger was verified when it was written.
function text(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string in event data, got ${typeof value}`);
  return value;
}
const optional = (value: JsonValue | undefined) => (typeof value === 'string' ? value : null);

/** `approval.requested`: the requester is the party the entry's actor stands for. */
export const projectApprovalRequests: Projector = async (trx, org, events) => {
  for (const { data, actor, at, index } of events)
    await saveApprovalRequest(trx, org, {
      environment: text(data.environment),
      fingerprint: text(data.fingerprint),
      comment: optional(data.comment),
      required: Number(data.required),
      expiresAfterHours: typeof data.expiresAfterHours === 'number' ? data.expiresAfterHours : null,
      change: data.change as unknown as ApprovalChange,
      requestedBy: partyOf(actor),
      at,
      index,
    });
};

/** `approval.exception`. */
export const projectApprovalExceptions: Projector = async (trx, org, events) => {
  for (const { data, at, index } of events)
    await saveApprovalException(trx, org, {
      environment: text(data.environment),
      fingerprint: text(data.fingerprint),
      reason: text(data.reason),
      user: text(data.user),
      at,
      index,
    });
};

/** Decisions name their request, reviews their exception; both are decisions on an approval id. */
const decisions =
  (field: 'request' | 'exception'): Projector =>
  async (trx, org, events) => {
    for (const { data, at, index } of events)
      await saveApprovalDecision(trx, org, {
        approval: Number(data[field]),
        decision: text(data.decision) as Decision,
        comment: optional(data.comment),
        user: text(data.user),
        at,
        index,
      });
  };

/** `approval.decided`. */
export const projectApprovalDecisions = decisions('request');

/** `approval.exception_reviewed`. */
export const projectExceptionReviews = decisions('exception');
