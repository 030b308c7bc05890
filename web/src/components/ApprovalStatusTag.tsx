import type { Approval } from '../approvalTypes.ts';
import { Tag } from './Verdict.tsx';

/**
 * Where a request or break-glass exception stands, in the words every page uses for it (the tag
 * here, the artifact page's summary): an icon, a word and a tone.
 */
export function approvalStatus(approval: Approval): {
  readonly icon: string;
  readonly word: string;
  readonly tone: 'good' | 'bad' | 'warn' | 'neutral';
} {
  const exception = approval.kind === 'exception';
  switch (approval.status) {
    case 'approved':
      return { icon: '✓', word: exception ? 'Break-glass, reviewed and accepted' : 'Approved', tone: 'good' };
    case 'rejected':
      return { icon: '✗', word: exception ? 'Break-glass, rejected on review' : 'Rejected', tone: 'bad' };
    case 'unreviewed':
      return { icon: '!', word: 'Break-glass, awaiting review', tone: 'bad' };
    case 'pending':
      if (!approval.stale) return { icon: '…', word: 'Pending', tone: 'warn' };
      return { icon: '–', word: approval.supersededBy !== null ? 'Superseded' : 'Expired', tone: 'neutral' };
  }
}

/** Where a request or break-glass exception stands, in icon and word (never colour alone). */
export function ApprovalStatusTag({ approval }: { approval: Approval }) {
  const { icon, word, tone } = approvalStatus(approval);
  return (
    <Tag tone={tone}>
      <span aria-hidden="true">{icon}</span> {word}
    </Tag>
  );
}
