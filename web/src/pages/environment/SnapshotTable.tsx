import { ArtifactLabel } from '../../components/ArtifactLabel.tsx';
import { Provenance } from '../../components/Provenance.tsx';
import { Table } from '../../components/Table.tsx';
import { UnauthorisedTag } from '../../components/UnauthorisedTag.tsx';
import { VerdictReasons } from '../../components/VerdictReasons.tsx';
import type { RunningArtifact } from '../../environmentTypes.ts';

/** Every artifact of a snapshot with its verdict, how it got there, and whether it was let in. */
export function SnapshotTable({
  artifacts,
  caption,
}: {
  artifacts: readonly RunningArtifact[];
  caption: string;
}) {
  return (
    <Table
      columns={['Artifact', { label: 'Instances', class: 'num' }, 'Verdict', 'Built by']}
      caption={caption}
      class="snapshot-table"
    >
      {artifacts.map((a) => (
        <tr
          key={`${a.name}@${a.fingerprint}`}
          class={a.unauthorised ? 'row-flagged' : undefined}
          data-artifact={a.name}
        >
          <td>
            <ArtifactLabel name={a.name} fingerprint={a.fingerprint} />
          </td>
          <td class="num">{a.instances}</td>
          <td>
            {a.unauthorised && (
              <div class="flag-line">
                <UnauthorisedTag />
              </div>
            )}
            <VerdictReasons compliant={a.compliant} reasons={a.reasons} notes={a.notes} />
          </td>
          <td>
            <Provenance trails={a.provenance} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
