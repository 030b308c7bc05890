import { api, orgPath, query } from '../api.ts';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import { Sha } from '../components/Sha.tsx';
import { Table } from '../components/Table.tsx';
import { Time } from '../components/Time.tsx';
import { commitTitle } from '../components/TrailTable.tsx';
import { Verdict } from '../components/Verdict.tsx';
import type { Flow, FlowTemplate, FlowTrails } from '../deliveryTypes.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

function requirementCount(template: FlowTemplate | null): string {
  if (template === null) return 'no template';
  const count =
    template.trail.attestations.length +
    template.trail.artifacts.reduce((n, a) => n + a.attestations.length, 0);
  return `${count} required attestation${count === 1 ? '' : 's'}`;
}

/** A flow's latest trail and the verdicts of its recent ones, as the flows list answers them. */
function LatestTrails({ flow, trails }: { flow: string; trails: FlowTrails }) {
  const { latest, recent } = trails;
  if (latest === null)
    return (
      <td colSpan={2} class="muted">
        No trails yet.
      </td>
    );
  return (
    <>
      <td>
        <a href={href('flows', flow, 'trails', latest.name)}>{latest.name}</a>{' '}
        <Verdict value={latest.compliant} />
        <div class="hint">
          {latest.commit !== null && (
            <>
              <Sha value={latest.commit.sha} /> {commitTitle(latest.commit.message)} ·{' '}
            </>
          )}
          <Time at={latest.createdAt} />
        </div>
      </td>
      <td>
        <ol class="verdict-strip" aria-label={`Latest ${recent.length} trails, newest first`}>
          {recent.map((t) => (
            <li key={t.name}>
              <a
                href={href('flows', flow, 'trails', t.name)}
                class={t.compliant ? 'good' : 'bad'}
                title={`${t.name}: ${t.compliant ? 'compliant' : 'not compliant'}`}
                aria-label={`${t.name}: ${t.compliant ? 'compliant' : 'not compliant'}`}
              >
                {t.compliant ? '✓' : '✗'}
              </a>
            </li>
          ))}
        </ol>
        <div class="hint nowrap">
          {trails.compliant} of {trails.count} compliant
        </div>
      </td>
    </>
  );
}

/** Every flow with how its latest trails stand. */
export function Flows({ session, query: search }: PageProps) {
  const after = search.get('after') ?? undefined;
  const [flows] = useResource(`flows:${after ?? ''}`, () =>
    api.get<{ flows: (Flow & { trails: FlowTrails })[]; next: string | null }>(
      orgPath(session.org, 'flows') + query({ after }),
    ),
  );
  return (
    <Page
      title="Flows"
      subtitle="Each flow is a delivery pipeline; each trail one run of it, usually for one commit."
    >
      <Loaded resource={flows}>
        {({ flows: list, next }) =>
          list.length === 0 ? (
            <Section title="Flows">
              <Empty title="No flows yet.">
                A writer or admin creates one with <code>evident create flow NAME --template FILE</code>; its
                pipeline then records trails, artifacts and attestations.
              </Empty>
            </Section>
          ) : (
            <Section title={`Flows (${list.length}${next !== null ? '+' : ''})`}>
              <Table columns={['Flow', 'Template', 'Latest trail', 'Recent trails']}>
                {list.map((f) => (
                  <tr key={f.name}>
                    <th scope="row">
                      <a class="cell-title" href={href('flows', f.name)}>
                        {f.name}
                      </a>
                      {f.description !== '' && <div class="hint">{f.description}</div>}
                    </th>
                    <td class="nowrap">{requirementCount(f.template)}</td>
                    <LatestTrails flow={f.name} trails={f.trails} />
                  </tr>
                ))}
              </Table>
              {(after !== undefined || next !== null) && (
                <nav class="pager" aria-label="Flow pages">
                  {after !== undefined && <a href="/flows">← First flows</a>}
                  {next !== null && <a href={`/flows${query({ after: next })}`}>More flows →</a>}
                </nav>
              )}
            </Section>
          )
        }
      </Loaded>
    </Page>
  );
}
