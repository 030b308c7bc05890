import { api, orgPath, query as searchQuery } from '../api.ts';
import { EnvironmentAuditPackageLink } from '../components/AuditPackageLink.tsx';
import { followsNoPolicy, NoPolicyTag } from '../components/NoPolicyTag.tsx';
import { Empty, Loaded, Page } from '../components/Page.tsx';
import { Tabs } from '../components/Tabs.tsx';
import { Time } from '../components/Time.tsx';
import { Verdict } from '../components/Verdict.tsx';
import type { EnvironmentInfo } from '../environmentTypes.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';
import { ChangesTab } from './environment/ChangesTab.tsx';
import { CompareTab } from './environment/CompareTab.tsx';
import { environmentLink, type EnvironmentTab } from './environment/environmentLink.ts';
import { RunningTab } from './environment/RunningTab.tsx';
import { SetupTab } from './environment/SetupTab.tsx';

const TABS: readonly EnvironmentTab[] = ['running', 'changes', 'compare', 'setup'];

/**
 * One environment (issue #7): what runs there now or ran at any moment, its change log, a diff of
 * two snapshots, and its policies. Each view and its state live in the address, to be bookmarked.
 */
export function Environment({ session, params, query }: PageProps) {
  const name = params['name'] ?? '';
  const [env] = useResource(`${session.org}/environment/${name}`, () =>
    api.get<EnvironmentInfo>(orgPath(session.org, 'environments', name)),
  );
  const asked = query.get('tab');
  const tab = TABS.find((t) => t === asked) ?? 'running';
  const param = (key: string) => query.get(key) ?? undefined;
  const ready = env.state === 'ready' ? env.value : undefined;
  return (
    <Page
      title={name}
      subtitle={ready && <EnvironmentSubtitle env={ready} />}
      actions={
        ready && (
          <>
            <span class="now-verdict">
              <span class="muted">Now:</span> <Verdict value={ready.compliant} />
              {followsNoPolicy(ready) && <NoPolicyTag hint />}
            </span>
            <EnvironmentAuditPackageLink
              org={session.org}
              environment={name}
              at={tab === 'running' ? param('at') : undefined}
            />
          </>
        )
      }
    >
      <Loaded
        resource={env}
        notFound={
          <Empty title={`There is no environment “${name}” in ${session.org}.`}>
            The <a href="/">overview</a> lists every environment; or{' '}
            <a href={`/search${searchQuery({ q: name })}`}>search for “{name}”</a>.
          </Empty>
        }
      >
        {(e) => (
          <>
            <Tabs
              label={`Views of ${e.name}`}
              tabs={TABS.map((t) => ({
                href: environmentLink(e.name, { tab: t }),
                label: LABELS[t](e),
                current: t === tab,
              }))}
            />
            {tab === 'running' && <RunningTab org={session.org} env={e} at={param('at')} />}
            {tab === 'changes' && <ChangesTab org={session.org} env={e} before={param('before')} />}
            {tab === 'compare' && (
              <CompareTab org={session.org} env={e} from={param('from')} to={param('to')} />
            )}
            {tab === 'setup' && <SetupTab org={session.org} env={e} />}
          </>
        )}
      </Loaded>
    </Page>
  );
}

const LABELS: Record<EnvironmentTab, (env: EnvironmentInfo) => string> = {
  running: () => 'Running',
  changes: () => 'Change log',
  compare: () => 'Compare',
  setup: (env) => (env.type === 'logical' ? 'Members' : 'Policies'),
};

function EnvironmentSubtitle({ env }: { env: EnvironmentInfo }) {
  return (
    <>
      {env.type === 'logical'
        ? `Logical environment of ${env.includes.join(', ')}`
        : `${env.type} environment`}
      {env.description !== '' && <> · {env.description}</>}
      {env.lastSeenAt !== null && (
        <>
          {' '}
          · reporter last seen <Time at={env.lastSeenAt} />
        </>
      )}
    </>
  );
}
