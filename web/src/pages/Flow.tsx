import { api, orgPath, query } from '../api.ts';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import { TemplateText } from '../components/TemplateText.tsx';
import { Time } from '../components/Time.tsx';
import { TrailTable } from '../components/TrailTable.tsx';
import type { Flow as FlowRecord, Trail } from '../deliveryTypes.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

interface TrailPage {
  readonly trails: readonly Trail[];
  readonly next: string | null;
}

/** Newest-first trails, a page at a time; `?before=` (the API's cursor) keeps the page bookmarkable. */
function Trails({ org, flow, before }: { org: string; flow: string; before: string | undefined }) {
  const [page] = useResource(`trails:${flow}:${before ?? ''}`, () =>
    api.get<TrailPage>(orgPath(org, 'flows', flow, 'trails') + query({ before })),
  );
  return (
    <Section title="Trails">
      <Loaded resource={page}>
        {({ trails, next }) => (
          <>
            {trails.length === 0 ? (
              <Empty title={before === undefined ? 'No trails yet.' : 'No older trails.'}>
                A pipeline begins a trail for each commit it builds:{' '}
                <code>evident begin trail "$GIT_COMMIT" --flow {flow}</code>.
              </Empty>
            ) : (
              <>
                <p class="hint">
                  {trails.filter((t) => t.compliant).length} of {trails.length} trails on this page are
                  compliant. Newest first.
                </p>
                <TrailTable trails={trails} />
              </>
            )}
            {(before !== undefined || next !== null) && (
              <nav class="pager" aria-label="Trail pages">
                {before !== undefined && <a href={href('flows', flow)}>← Newest trails</a>}
                {next !== null && (
                  <a href={`${href('flows', flow)}${query({ before: next })}`}>Older trails →</a>
                )}
              </nav>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

/** One flow: what it is, what its template requires, and its trails. */
export function Flow({ session, params, query: search }: PageProps) {
  const name = params.flow ?? '';
  const before = search.get('before') ?? undefined;
  const [flow] = useResource(`flow:${name}`, () =>
    api.get<{ flow: FlowRecord }>(orgPath(session.org, 'flows', name)),
  );
  return (
    <Page
      title={`Flow ${name}`}
      subtitle={
        flow.state === 'ready' && flow.value.flow.description !== '' ? flow.value.flow.description : undefined
      }
    >
      <Loaded
        resource={flow}
        notFound={
          <Empty title={`There is no flow “${name}” in ${session.org}.`}>
            <a href="/flows">Flows</a> lists every flow; or{' '}
            <a href={`/search${query({ q: name })}`}>search for “{name}”</a>.
          </Empty>
        }
      >
        {({ flow: f }) => (
          <div class="columns">
            <Trails org={session.org} flow={name} before={before} />
            <Section title={f.template === null ? 'Template' : `Template (version ${f.templateVersion})`}>
              <TemplateText template={f.template} />
              <p class="hint">
                Created <Time at={f.createdAt} />, last changed <Time at={f.updatedAt} />. A trail keeps the
                template as it was when the trail began.
              </p>
            </Section>
          </div>
        )}
      </Loaded>
    </Page>
  );
}
