import { api, orgPath } from '../../api.ts';
import { Empty, Loaded } from '../../components/Page.tsx';
import { Time } from '../../components/Time.tsx';
import { Verdict } from '../../components/Verdict.tsx';
import type { EnvironmentInfo } from '../../environmentTypes.ts';
import { href, navigate } from '../../router.ts';
import { useResource } from '../../useResource.ts';
import { AsOfForm } from './AsOfForm.tsx';
import { environmentLink } from './environmentLink.ts';
import { HistoricalNotice } from './HistoricalNotice.tsx';
import { isInstant } from './isInstant.ts';
import { running, type SnapshotView } from './running.ts';
import { SnapshotTable } from './SnapshotTable.tsx';
import { plural } from '../../plural.ts';

/** What runs in an environment now, or ran at a chosen moment (`?at=`), with the verdicts. */
export function RunningTab({ org, env, at }: { org: string; env: EnvironmentInfo; at: string | undefined }) {
  return (
    <>
      <AsOfForm
        key={at ?? 'now'}
        at={at}
        onPick={(instant) => navigate(environmentLink(env.name, { at: instant }))}
      />
      {at === undefined || isInstant(at) ? (
        <Running org={org} env={env} at={at} />
      ) : (
        <p class="error-box" role="alert">
          “{at}” is not a date and time; pick one above, or Now.
        </p>
      )}
    </>
  );
}

/** The snapshot(s) in force at `at` (a valid instant), or now. */
function Running({ org, env, at }: { org: string; env: EnvironmentInfo; at: string | undefined }) {
  const logical = env.type === 'logical';
  const [answer] = useResource(`${org}/${env.name}/running/${at ?? 'now'}`, async () => {
    const { environments } = await api.get<{ environments: EnvironmentInfo[] }>(orgPath(org, 'environments'));
    const reported = logical
      ? environments.some((e) => env.includes.includes(e.name) && e.snapshots > 0)
      : env.snapshots > 0;
    // An environment that never had a snapshot has none at any moment either: no need to ask.
    return reported ? running(org, env, environments, at) : { compliant: true, views: [] };
  });
  const historical = at !== undefined;
  return (
    <>
      {historical && <HistoricalNotice at={at} environment={env.name} />}
      <Loaded resource={answer}>
        {({ compliant, views }) =>
          views.length === 0 ? (
            <NothingReported env={env} historical={historical} />
          ) : (
            <>
              {logical && (
                <p class="logical-verdict">
                  {env.name} {historical ? 'then' : 'now'}: <Verdict value={compliant} />{' '}
                  <span class="muted">(compliant when every member is)</span>
                </p>
              )}
              {views.map((view) => (
                <SnapshotCard
                  key={view.snapshot.environment}
                  view={view}
                  historical={historical}
                  logical={logical}
                />
              ))}
            </>
          )
        }
      </Loaded>
    </>
  );
}

function NothingReported({ env, historical }: { env: EnvironmentInfo; historical: boolean }) {
  if (historical)
    return (
      <Empty title={`Nothing had been reported in ${env.name} by that moment.`}>
        Pick a later time, or Now.
      </Empty>
    );
  const command =
    env.type === 'logical'
      ? `evident snapshot k8s ${env.includes[0] ?? 'prod'}`
      : `evident snapshot ${env.type === 'server' ? 'paths' : env.type} ${env.name}`;
  return (
    <Empty title={`No snapshot of ${env.name} yet.`}>
      <p>A reporter sends what runs here, for example from a deploy job or a cron job:</p>
      <pre>
        <code>{command}</code>
      </pre>
    </Empty>
  );
}

function SnapshotCard({
  view,
  historical,
  logical,
}: {
  view: SnapshotView;
  historical: boolean;
  logical: boolean;
}) {
  const { snapshot, latest } = view;
  const { environment, number, artifacts, until } = snapshot;
  const failing = artifacts.filter((a) => !a.compliant).length;
  const unauthorised = artifacts.filter((a) => a.unauthorised).length;
  const instances = artifacts.reduce((sum, a) => sum + a.instances, 0);
  const headingId = `snapshot-${environment}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <header class="card-header">
        <h2 id={headingId}>
          {logical && (
            <>
              <a href={href('environments', environment)}>{environment}</a>:{' '}
            </>
          )}
          Snapshot #{number}
          <span class="muted"> of {latest}</span>
        </h2>
        <div class="link-row">
          <a href={environmentLink(environment, { tab: 'changes', before: String(snapshot.index + 1) })}>
            How it got there: changes up to this snapshot
          </a>
          {number < latest && (
            <a
              href={environmentLink(environment, {
                tab: 'compare',
                from: `${environment}#${number}`,
                to: environment,
              })}
            >
              Compare with now
            </a>
          )}
        </div>
      </header>
      <dl class="facts snapshot-facts">
        <dt>{historical ? 'Verdict then' : 'Verdict'}</dt>
        <dd>
          <Verdict value={snapshot.compliant} />{' '}
          <span class="muted">
            judged <Time at={snapshot.evaluatedAt} />
          </span>
        </dd>
        <dt>In force</dt>
        <dd>
          from <Time at={snapshot.at} />{' '}
          {until === null ? (
            <span class="muted">until now (the latest snapshot)</span>
          ) : (
            <>
              until <Time at={until} />
            </>
          )}
        </dd>
        <dt>Running</dt>
        <dd>
          {plural(artifacts.length, 'artifact')}, {plural(instances, 'instance')}
          {failing > 0 && (
            <>
              ; <strong>{failing} non-compliant</strong>
            </>
          )}
          {unauthorised > 0 && (
            <>
              ; <strong>{unauthorised} unauthorised</strong>
            </>
          )}
        </dd>
      </dl>
      {artifacts.length === 0 ? (
        <Empty title="Nothing was running." />
      ) : (
        <SnapshotTable artifacts={artifacts} caption={`Artifacts of ${environment} snapshot #${number}`} />
      )}
    </section>
  );
}
