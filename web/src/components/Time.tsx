// Dates in the viewer's own time zone, with the exact UTC instant on hover (issue #7).
const local = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

export function formatLocal(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : local.format(date);
}

export function Time({ at }: { at: string | null | undefined }) {
  if (at === null || at === undefined) return <span class="muted">—</span>;
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return <span>{at}</span>;
  return (
    <time dateTime={date.toISOString()} title={`${date.toISOString().replace('.000Z', 'Z')} (UTC)`}>
      {local.format(date)}
    </time>
  );
}
