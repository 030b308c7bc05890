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

/** The approvals waiting for a decision and the ledger's size: where to go next. */
export function QuickLinks({ org }: { org: string }) {
  const [pending] = useResource(`${org}/pending-approvals`, () =>
    api.get<{ approvals: unknown[]; next: string | null }>(
      orgPath(org, 'approvals') + query({ status: 'pending', limit: MOST }),
    ),
  );
  const [log] = useResource(`${org}/log-status`, () => api.get<LogStatus>(orgPath(org, 'log', 'status')));
  return (
    <>
      <section class="card quick-link" aria-labelledby="pending-title">
        <h2 id="pending-title">Pending approvals</h2>
        <Loaded resource={pending}>
          {({ approvals, next }) => (
            <>
              <p class="stat">{next === null ? approvals.length : `${MOST}+`}</p>
              <a href="/approvals">
                {approvals.length === 0 ? 'Open the approvals inbox' : 'Review them in the approvals inbox'}
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
