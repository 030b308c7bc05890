import { api, orgPath, query } from '../../api.ts';
import { ChangeTable } from '../../components/ChangeTable.tsx';
import { Empty, Loaded } from '../../components/Page.tsx';
import type { ChangePage, EnvironmentInfo } from '../../environmentTypes.ts';
import { useResource } from '../../useResource.ts';
import { environmentLink } from './environmentLink.ts';

const PAGE_SIZE = 50;

/** The environment's change log, newest first, a page at a time (`?before=` is the cursor). */
export function ChangesTab({
  org,
  env,
  before,
}: {
  org: string;
  env: EnvironmentInfo;
  before: string | undefined;
}) {
  const [page] = useResource(`${org}/${env.name}/changes/${before ?? ''}`, () =>
    api.get<ChangePage>(
      orgPath(org, 'environments', env.name, 'changes') + query({ before, limit: PAGE_SIZE }),
    ),
  );
  return (
    <section class="card" aria-labelledby="changes-title">
      <header class="card-header">
        <h2 id="changes-title">Change log</h2>
        <p class="hint">
          {before === undefined ? 'Newest first.' : 'Older changes, newest first.'} A start without provenance
          or against policy is flagged unauthorised.
        </p>
      </header>
      <Loaded resource={page}>
        {({ changes, next }) => (
          <>
            {changes.length === 0 ? (
              before === undefined ? (
                <Empty title={`Nothing has changed in ${env.name} yet.`}>
                  Changes appear when a reporter sends a snapshot that differs from the last one.
                </Empty>
              ) : (
                <Empty title="No older changes." />
              )
            ) : (
              <ChangeTable
                changes={changes}
                caption={`Changes in ${env.name}`}
                showEnvironment={env.type === 'logical'}
              />
            )}
            <nav class="pager" aria-label="Change log pages">
              {before !== undefined && (
                <a href={environmentLink(env.name, { tab: 'changes' })}>← Newest changes</a>
              )}
              {next !== null && (
                <a href={environmentLink(env.name, { tab: 'changes', before: next })} rel="next">
                  Older changes →
                </a>
              )}
            </nav>
          </>
        )}
      </Loaded>
    </section>
  );
}
