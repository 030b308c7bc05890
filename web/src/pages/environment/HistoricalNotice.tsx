import { TIME_ZONE } from '../../components/InstantInput.tsx';

const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const zoneName = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' });

/** Whether the viewer's clock reads UTC itself then: the local time already is the UTC one. */
function readsUtc(date: Date): boolean {
  return zoneName.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value === 'UTC';
}

/**
 * Says, unmistakably, that the page shows the past: the instant asked about (a valid one) in local
 * time and, unless that is UTC already, in UTC.
 */
export function HistoricalNotice({ at, environment }: { at: string; environment: string }) {
  const date = new Date(at);
  return (
    <div class="notice historical" role="note" aria-label="Historical view">
      <span class="badge badge-warn">Historical view</span>
      <div>
        What ran in {environment} at <strong class="as-of-local">{full.format(date)}</strong>
        {!readsUtc(date) && (
          <>
            {' '}
            ({TIME_ZONE}), that is <code class="as-of-utc">{date.toISOString().replace('.000Z', 'Z')}</code>{' '}
            UTC
          </>
        )}
        , and the verdict in force then.
      </div>
    </div>
  );
}
