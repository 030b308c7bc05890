import type { Approval } from '../approvalTypes.ts';
import { Tag } from './Verdict.tsx';

/** Where a request or break-glass exception stands, in icon and word (never colour alone). */
export function ApprovalStatusTag({ approval }: { approval: Approval }) {
  const exception = approval.kind === 'exception';
  switch (approval.status) {
    case 'approved':
      return (
        <Tag tone="good">
          <span aria-hidden="true">✓</span> {exception ? 'Break-glass, reviewed and accepted' : 'Approved'}
        </Tag>
      );
    case 'rejected':
      return (
        <Tag tone="bad">
          <span aria-hidden="true">✗</span> {exception ? 'Break-glass, rejected on review' : 'Rejected'}
        </Tag>
      );
    case 'unreviewed':
      return (
        <Tag tone="bad">
          <span aria-hidden="true">!</span> Break-glass, awaiting review
        </Tag>
      );
    case 'pending':
      return approval.stale ? (
        <Tag>
          <span aria-hidden="true">–</span> {approval.supersededBy !== null ? 'Superseded' : 'Expired'}
        </Tag>
      ) : (
        <Tag tone="warn">
          <span aria-hidden="true">…</span> Pending
        </Tag>
      );
  }
}
