import { TIME_ZONE } from '../../components/InstantInput.tsx';

const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** Says, unmistakably, that the page shows the past: the instant asked about in local time and UTC. */
export function HistoricalNotice({ at, environment }: { at: string; environment: string }) {
  const date = new Date(at);
  const known = !Number.isNaN(date.getTime());
  return (
    <div class="notice historical" role="note" aria-label="Historical view">
      <span class="badge badge-warn">Historical view</span>
      <div>
        What ran in {environment} at{' '}
        {known ? (
          <>
            <strong class="as-of-local">{full.format(date)}</strong> ({TIME_ZONE}), that is{' '}
            <code class="as-of-utc">{date.toISOString().replace('.000Z', 'Z')}</code> UTC
          </>
        ) : (
          <strong>{at}</strong>
        )}
        , and the verdict in force then.
      </div>
    </div>
  );
}
