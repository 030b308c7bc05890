import { partyName, type Approval } from '../approvalTypes.ts';
import { href } from '../router.ts';
import { ApprovalStatusTag } from './ApprovalStatusTag.tsx';
import { Empty } from './Page.tsx';
import { Time } from './Time.tsx';

/** Every approval request and break-glass exception of one artifact, newest first, with decisions. */
export function ArtifactApprovals({ approvals }: { approvals: readonly Approval[] }) {
  if (approvals.length === 0)
    return (
      <Empty title="Nobody asked to approve this artifact, and no glass was broken for it.">
        A pipeline asks with <code>evident request approval --environment ENV --fingerprint SHA</code>.
      </Empty>
    );
  return (
    <ul class="artifact-approvals">
      {approvals.map((a) => {
        const exception = a.kind === 'exception';
        return (
          <li key={a.id}>
            <p class="approval-line">
              <ApprovalStatusTag approval={a} />{' '}
              <strong>
                {exception ? 'Break-glass' : 'Request'} {a.id}
              </strong>{' '}
              into <a href={href('environments', a.environment)}>{a.environment}</a>
              {!exception && a.required > 1 && <span class="muted"> · needs {a.required} approvals</span>}
            </p>
            <p class="hint">
              {exception ? 'Glass broken by ' : 'Requested by '}
              <strong>{partyName(a.requestedBy)}</strong>, <Time at={a.createdAt} />
              {a.comment !== null && <> — “{a.comment}”</>}
            </p>
            {a.decisions.length > 0 && (
              <ul class="decisions">
                {a.decisions.map((d) => (
                  <li key={d.index}>
                    <span aria-hidden="true">{d.decision === 'approve' ? '✓' : '✗'}</span>{' '}
                    {d.decision === 'approve' ? 'Approved' : 'Rejected'}
                    {exception && ' on review'} by <strong>{d.by}</strong>, <Time at={d.at} />
                    {d.comment !== null && <> — “{d.comment}”</>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
