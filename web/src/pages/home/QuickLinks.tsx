import { api, orgPath, query } from '../../api.ts';
import { Loaded } from '../../components/Page.tsx';
import { Time } from '../../components/Time.tsx';
import { Verdict } from '../../components/Verdict.tsx';
import { useResource } from '../../useResource.ts';

interface LogStatus {
  readonly size: number;
  readonly lastVerification: { readonly ok: boolean; readonly finishedAt: string } | null;
}

const MOST = 100;

/** How many approvals of a kind (`?status=`) are open: a number, or "100+" past one page. */
async function count(org: string, status: string): Promise<string> {
  const { approvals, next } = await api.get<{ approvals: unknown[]; next: string | null }>(
    orgPath(org, 'approvals') + query({ status, limit: MOST }),
  );
  return next === null ? String(approvals.length) : `${MOST}+`;
}

/** What waits for people in the approvals inbox, and the ledger's size: where to go next. */
export function QuickLinks({ org }: { org: string }) {
  const [waiting] = useResource(`${org}/waiting-approvals`, async () => {
    const [requests, exceptions] = await Promise.all([
      count(org, 'pending'),
      count(org, 'exception-unreviewed'),
    ]);
    return { requests, exceptions };
  });
  const [log] = useResource(`${org}/log-status`, () => api.get<LogStatus>(orgPath(org, 'log', 'status')));
  return (
    <>
      <section class="card quick-link" aria-labelledby="waiting-title">
        <h2 id="waiting-title">Waiting for people</h2>
        <Loaded resource={waiting}>
          {({ requests, exceptions }) => (
            <>
              <ul class="plain-list waiting-counts">
                <li data-testid="pending-requests">
                  <span class="stat">{requests}</span>{' '}
                  {requests === '1' ? 'request pending' : 'requests pending'}
                </li>
                <li data-testid="unreviewed-exceptions">
                  <span class="stat">{exceptions}</span>{' '}
                  {exceptions === '1'
                    ? 'break-glass exception awaiting review'
                    : 'break-glass exceptions awaiting review'}
                </li>
              </ul>
              <a href="/approvals">
                {requests === '0' && exceptions === '0'
                  ? 'Open the approvals inbox'
                  : 'Review them in the approvals inbox'}
              </a>
            </>
          )}
        </Loaded>
      </section>
      <section class="card quick-link" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Ledger</h2>
        <Loaded resource={log}>
          {(status) => (
            <>
              <p class="stat">
                {status.size.toLocaleString()} <span class="stat-unit">entries</span>
              </p>
              <p class="small">
                {status.lastVerification === null ? (
                  <span class="muted">Not verified on this server yet.</span>
                ) : (
                  <>
                    Last verified <Time at={status.lastVerification.finishedAt} />{' '}
                    <Verdict
                      value={status.lastVerification.ok ? 'compliant' : 'non_compliant'}
                      label={status.lastVerification.ok ? 'Intact' : 'Problems found'}
                    />
                  </>
                )}
              </p>
              <a href="/ledger">Check the ledger</a>
            </>
          )}
        </Loaded>
      </section>
    </>
  );
}
