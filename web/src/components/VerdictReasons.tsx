import { Verdict } from './Verdict.tsx';

/**
 * A verdict with the reasons behind a non-compliant one and the break-glass notes it runs under. In a
 * table a long reason is cut to a few lines (styles.css), the whole of it on hover.
 */
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
            <li key={r} title={r}>
              <span>{r}</span>
            </li>
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <ul class="reasons notes">
          {notes.map((n) => (
            <li key={n} title={n}>
              <span>{n}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
