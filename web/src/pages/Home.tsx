import { api, orgPath, query } from '../api.ts';
import { ChangeTable } from '../components/ChangeTable.tsx';
import { noPolicyNames } from '../components/NoPolicyTag.tsx';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import type { ChangePage, EnvironmentInfo } from '../environmentTypes.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';
import { environmentFindings } from './home/environmentFindings.ts';
import { EnvironmentsTable } from './home/EnvironmentsTable.tsx';
import { QuickLinks } from './home/QuickLinks.tsx';

const RECENT = 12;

/** The overview (issue #7): which environments comply now, what changed lately, what waits. */
export function Home({ session }: PageProps) {
  const { org } = session;
  const [environments] = useResource(`${org}/environments-with-findings`, async () => {
    const { environments: all } = await api.get<{ environments: EnvironmentInfo[] }>(
      orgPath(org, 'environments'),
    );
    return { all, findings: await environmentFindings(org, all) };
  });
  const [recent] = useResource(`${org}/recent-changes`, () =>
    api.get<ChangePage>(orgPath(org, 'changes') + query({ limit: RECENT })),
  );
  return (
    <Page
      title="Overview"
      subtitle={`What runs in each environment of ${org}, whether it complies, and what changed.`}
    >
      <div class="home-top">
        <Section title="Environments">
          <Loaded resource={environments}>
            {({ all, findings }) =>
              all.length === 0 ? (
                <NoEnvironments />
              ) : (
                <EnvironmentsTable environments={all} findings={findings} />
              )
            }
          </Loaded>
        </Section>
        <div class="home-side">
          <QuickLinks org={org} />
        </div>
      </div>
      <Section title="Recent changes">
        <Loaded resource={recent}>
          {({ changes, next }) =>
            changes.length === 0 ? (
              <Empty title="Nothing has started or stopped anywhere yet.">
                Changes appear here when a reporter sends a snapshot that differs from the last one.
              </Empty>
            ) : (
              <>
                <ChangeTable
                  changes={changes}
                  caption="Recent changes in every environment"
                  showEnvironment
                  noPolicy={
                    environments.state === 'ready' ? noPolicyNames(environments.value.all) : undefined
                  }
                />
                {next !== null && (
                  <p class="hint">The newest {RECENT} changes; each environment’s change log has them all.</p>
                )}
              </>
            )
          }
        </Loaded>
      </Section>
    </Page>
  );
}

function NoEnvironments() {
  return (
    <Empty title="No environments yet.">
      <p>An admin creates an environment, then a reporter sends what runs there:</p>
      <pre>
        <code>
          {
            'evident create environment prod --type k8s --policy prod-rules\nevident snapshot k8s prod --exclude-namespace kube-system'
          }
        </code>
      </pre>
      <p>See “Environments” in the README for Docker, ECS, Lambda, S3 and plain servers.</p>
    </Empty>
  );
}
