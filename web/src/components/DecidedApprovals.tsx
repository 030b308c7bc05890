import { artifactName, partyName, type ListedApproval } from '../approvalTypes.ts';
import { href } from '../router.ts';
import { ApprovalStatusTag } from './ApprovalStatusTag.tsx';
import { Sha } from './Sha.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';

/** A table of requests or exceptions that take no more decisions: who decided, when and why. */
export function DecidedApprovals({
  listed,
  caption,
}: {
  listed: readonly ListedApproval[];
  caption: string;
}) {
  return (
    <Table
      columns={[
        'Change',
        'Artifact',
        'Outcome',
        'Decisions',
        listed[0]?.approval.kind === 'exception' ? 'Glass broken' : 'Requested',
      ]}
      caption={caption}
    >
      {listed.map(({ approval: a, builds, ranAs }) => (
        <tr key={a.id} id={`approval-${a.id}`}>
          <td>
            {artifactName({ builds, ranAs })} →{' '}
            <a href={href('environments', a.environment)}>{a.environment}</a>
            <div class="hint">
              {a.kind} {a.id}
            </div>
          </td>
          <td>
            <Sha value={a.fingerprint} link />
          </td>
          <td>
            <ApprovalStatusTag approval={a} />
          </td>
          <td>
            {a.decisions.length === 0 ? (
              <span class="muted">
                {a.supersededBy !== null
                  ? `Superseded by request ${a.supersededBy}`
                  : 'None before it expired'}
              </span>
            ) : (
              <ul class="plain-list">
                {a.decisions.map((d) => (
                  <li key={d.index}>
                    {d.decision === 'approve' ? 'Approved' : 'Rejected'} by <strong>{d.by}</strong>,{' '}
                    <Time at={d.at} />
                    {d.comment !== null && <div class="decision-comment">“{d.comment}”</div>}
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td>
            {partyName(a.requestedBy)}
            <div class="hint">
              <Time at={a.createdAt} />
            </div>
            {a.comment !== null && <div class="decision-comment">“{a.comment}”</div>}
          </td>
        </tr>
      ))}
    </Table>
  );
}
