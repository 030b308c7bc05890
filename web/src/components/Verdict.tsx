// Compliance is never told by colour alone (issue #7): an icon shape and a word go with it.
const LOOK: Record<string, { icon: string; word: string; tone: string }> = {
  compliant: { icon: '✓', word: 'Compliant', tone: 'good' },
  non_compliant: { icon: '✗', word: 'Non-compliant', tone: 'bad' },
  noncompliant: { icon: '✗', word: 'Non-compliant', tone: 'bad' },
  unknown: { icon: '?', word: 'Unknown', tone: 'neutral' },
  pending: { icon: '…', word: 'Pending', tone: 'neutral' },
  missing: { icon: '✗', word: 'Missing', tone: 'bad' },
};

/** A verdict badge: `compliant`, `non_compliant`, or true/false. */
export function Verdict({ value, label }: { value: string | boolean | null | undefined; label?: string }) {
  const key = value === true ? 'compliant' : value === false ? 'non_compliant' : (value ?? 'unknown');
  const look = LOOK[key] ?? { icon: '•', word: key.replaceAll('_', ' '), tone: 'neutral' };
  return (
    <span class={`badge badge-${look.tone}`} data-verdict={key}>
      <span aria-hidden="true">{look.icon}</span> {label ?? look.word}
    </span>
  );
}

/** A neutral or toned label, e.g. "unauthorised", "break-glass", "running". */
export function Tag({
  tone = 'neutral',
  children,
}: {
  tone?: 'good' | 'bad' | 'warn' | 'neutral';
  children: preact.ComponentChildren;
}) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
