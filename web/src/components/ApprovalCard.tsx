import type { ComponentChildren } from 'preact';
import { artifactName, partyName, type Approval, type ListedApproval } from '../approvalTypes.ts';
import { href } from '../router.ts';
import { ApprovalStatusTag } from './ApprovalStatusTag.tsx';
import { BuiltBy, ChangeFacts } from './ChangeFacts.tsx';
import { Sha } from './Sha.tsx';
import { Time } from './Time.tsx';

/** "1 more approval needed", from the approvals that count (a rejection is a veto). */
function stillNeeded(approval: Approval): string {
  const approvals = approval.decisions.filter((d) => d.decision === 'approve').length;
  const missing = Math.max(0, approval.required - approvals);
  return `${approvals} of ${approval.required} approval${approval.required === 1 ? '' : 's'} · ${missing} more needed`;
}

/**
 * One open request or unreviewed break-glass exception with everything an approver judges it by;
 * `children` is the decision form, or the sentence saying why there is none.
 */
export function ApprovalCard({ listed, children }: { listed: ListedApproval; children: ComponentChildren }) {
  const { approval, builds } = listed;
  const request = approval.kind === 'request';
  const titleId = `approval-${approval.id}-title`;
  return (
    <li class="approval-card" id={`approval-${approval.id}`}>
      <header class="approval-card-header">
        <h3 id={titleId}>
          {artifactName(listed)} <span aria-hidden="true">→</span>
          <span class="visually-hidden"> into </span> {approval.environment}{' '}
          <span class="muted">
            · {request ? 'request' : 'exception'} {approval.id}
          </span>
        </h3>
        <span class="approval-state">
          <ApprovalStatusTag approval={approval} />
          {request && <span class="muted"> {stillNeeded(approval)}</span>}
        </span>
      </header>
      <dl class="facts">
        <dt>Artifact</dt>
        <dd>
          <Sha value={approval.fingerprint} link />
        </dd>
        <dt>Environment</dt>
        <dd>
          <a href={href('environments', approval.environment)}>{approval.environment}</a>
        </dd>
        {request ? (
          <ChangeFacts change={approval.change} environment={approval.environment} />
        ) : (
          <>
            <dt>Built by</dt>
            <dd>
              <BuiltBy builds={builds} />
            </dd>
          </>
        )}
        <dt>{request ? 'Requested by' : 'Glass broken by'}</dt>
        <dd>
          {partyName(approval.requestedBy)}, <Time at={approval.createdAt} />
        </dd>
        <dt>{request ? 'Comment' : 'Reason'}</dt>
        <dd>{approval.comment ?? <span class="muted">none given</span>}</dd>
        {request && (
          <>
            <dt>Approvals</dt>
            <dd>
              {approval.decisions.length === 0 ? (
                <span class="muted">None yet</span>
              ) : (
                <ul class="plain-list">
                  {approval.decisions.map((d) => (
                    <li key={d.index}>
                      Approved by <strong>{d.by}</strong>, <Time at={d.at} />
                      {d.comment !== null && <span class="decision-comment"> “{d.comment}”</span>}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Expires</dt>
            <dd>{approval.expiresAt === null ? 'No deadline' : <Time at={approval.expiresAt} />}</dd>
          </>
        )}
      </dl>
      <div class="approval-decide">{children}</div>
    </li>
  );
}
