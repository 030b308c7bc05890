import { followsNoPolicy, NoPolicyTag } from '../../components/NoPolicyTag.tsx';
import { Table } from '../../components/Table.tsx';
import { Time } from '../../components/Time.tsx';
import { Verdict } from '../../components/Verdict.tsx';
import type { EnvironmentInfo } from '../../environmentTypes.ts';
import { href } from '../../router.ts';
import type { Findings } from './environmentFindings.ts';
import { plural } from '../../plural.ts';

/** Every environment with what runs there now and whether it complies. */
export function EnvironmentsTable({
  environments,
  findings,
}: {
  environments: readonly EnvironmentInfo[];
  findings: ReadonlyMap<string, Findings>;
}) {
  return (
    <Table
      columns={[
        'Environment',
        'Verdict now',
        { label: 'Running', class: 'num' },
        'Current snapshot',
        'Reporter last seen',
      ]}
      caption="Environments and their verdicts now"
      class="environments-table"
    >
      {environments.map((e) => {
        const found = findings.get(e.name);
        return (
          <tr key={e.name} data-environment={e.name} class={e.compliant ? undefined : 'row-flagged'}>
            <th scope="row">
              <a class="environment-link" href={href('environments', e.name)}>
                {e.name}
              </a>
              <div class="muted small">
                {e.type === 'logical' ? `logical: ${e.includes.join(', ')}` : e.type}
                {e.description !== '' && ` · ${e.description}`}
              </div>
            </th>
            <td>
              {e.snapshots === 0 && e.type !== 'logical' ? (
                <span class="muted">No snapshot yet</span>
              ) : (
                <>
                  <Verdict value={e.compliant} /> {followsNoPolicy(e) && <NoPolicyTag hint />}
                  {found !== undefined && (found.nonCompliant > 0 || found.unauthorised > 0) && (
                    <div class="small env-findings">
                      {found.nonCompliant > 0 && (
                        <span>{plural(found.nonCompliant, 'non-compliant artifact')}</span>
                      )}
                      {found.unauthorised > 0 && <span>{found.unauthorised} unauthorised</span>}
                    </div>
                  )}
                </>
              )}
            </td>
            <td class="num nowrap">{plural(e.running, 'artifact')}</td>
            <td class="nowrap">
              {e.lastSnapshotAt === null ? (
                <span class="muted">—</span>
              ) : (
                <>
                  {e.type !== 'logical' && <span class="muted">#{e.snapshots} · </span>}
                  <Time at={e.lastSnapshotAt} />
                </>
              )}
            </td>
            <td class="nowrap">
              <Time at={e.lastSeenAt} />
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
