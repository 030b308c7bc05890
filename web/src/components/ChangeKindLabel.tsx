import type { ChangeKind } from '../environmentTypes.ts';
import { plural } from '../plural.ts';

/** Words for a change over time (the log), and for a difference between two snapshots (a diff). */
const WORDS: Record<'log' | 'diff', Record<ChangeKind, string>> = {
  log: { started: 'Started', stopped: 'Stopped', scaled: 'Scaled' },
  diff: { started: 'Added', stopped: 'Removed', scaled: 'Scaled' },
};
const ICONS: Record<ChangeKind, string> = { started: '+', stopped: '−', scaled: '↕' };

/** Started, stopped or scaled, with the instance counts it concerns. */
export function ChangeKindLabel({
  kind,
  before,
  after,
  vocabulary = 'log',
}: {
  kind: ChangeKind;
  before: number;
  after: number;
  vocabulary?: 'log' | 'diff';
}) {
  const counts =
    kind === 'scaled'
      ? `${before} → ${after} instances`
      : plural(kind === 'started' ? after : before, 'instance');
  return (
    <span class={`change-kind change-${kind}`}>
      <span class="change-word">
        <span aria-hidden="true" class="change-icon">
          {ICONS[kind]}
        </span>{' '}
        {WORDS[vocabulary][kind]}
      </span>
      <span class="muted small change-counts">{counts}</span>
    </span>
  );
}
