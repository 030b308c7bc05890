import { Verdict } from './Verdict.tsx';

/** A verdict with the reasons behind a non-compliant one and the break-glass notes it runs under. */
export function VerdictReasons({
  compliant,
  reasons,
  notes = [],
}: {
  compliant: boolean;
  reasons: readonly string[];
  notes?: readonly string[] | undefined;
}) {
  return (
    <div class="verdict-reasons">
      <Verdict value={compliant} />
      {reasons.length > 0 && (
        <ul class="reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <ul class="reasons notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
