import { actorName, type VerificationRun } from '../ledgerTypes.ts';
import { Time } from './Time.tsx';
import { Tag } from './Verdict.tsx';

/** Intact or not, in icon and word. */
export function RunOutcome({ run }: { run: VerificationRun }) {
  return run.ok ? (
    <Tag tone="good">
      <span aria-hidden="true">✓</span> OK: intact
    </Tag>
  ) : (
    <Tag tone="bad">
      <span aria-hidden="true">✗</span> Not OK: {run.findingCount} finding{run.findingCount === 1 ? '' : 's'}
    </Tag>
  );
}

/** One verification run: outcome, when, by whom, what it covered, and every finding it kept. */
export function VerificationResult({ run }: { run: VerificationRun }) {
  return (
    <div class="verification" data-testid="verification-result">
      <p>
        <RunOutcome run={run} />{' '}
        {run.ok
          ? `Every entry, hash, checkpoint signature, record and evidence file of the log checked out.`
          : 'The log or the records derived from it differ from what the entries say: see the findings.'}
      </p>
      <dl class="facts">
        <dt>Finished</dt>
        <dd>
          <Time at={run.finishedAt} />
        </dd>
        <dt>Asked by</dt>
        <dd>{actorName(run.by)}</dd>
        <dt>Entries checked</dt>
        <dd>{run.size.toLocaleString()}</dd>
        <dt>Root hash</dt>
        <dd>
          <code class="hash">{run.rootHash}</code>
        </dd>
      </dl>
      {run.findings.length > 0 && (
        <>
          <h3 class="subheading">Findings</h3>
          <ul class="findings">
            {run.findings.map((f, i) => (
              <li key={i}>
                <strong>{f.kind}</strong>
                {f.index !== undefined && ` at entry ${f.index}`}
                {f.table !== undefined && ` in ${f.table}`}: {f.message}
              </li>
            ))}
          </ul>
          {run.findingCount > run.findings.length && (
            <p class="hint">
              {run.findingCount - run.findings.length} more findings were not kept; run{' '}
              <code>evident verify</code> for the full report.
            </p>
          )}
        </>
      )}
    </div>
  );
}
