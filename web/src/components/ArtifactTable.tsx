import type { Artifact } from '../deliveryTypes.ts';
import { Empty } from './Page.tsx';
import { Sha } from './Sha.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';
import { VerdictReasons } from './VerdictReasons.tsx';

/** The artifacts a trail reported, each linking to its own page, with its verdict and reasons. */
export function ArtifactTable({ artifacts }: { artifacts: readonly Artifact[] }) {
  if (artifacts.length === 0)
    return (
      <Empty title="This trail reported no artifact.">
        A pipeline reports what it built with <code>evident attest artifact FILE --name NAME</code>.
      </Empty>
    );
  return (
    <Table columns={['Artifact', 'Fingerprint', 'Verdict', 'Reported']}>
      {artifacts.map((a) => (
        <tr key={a.fingerprint}>
          <th scope="row">
            <a class="cell-title" href={`/artifacts/${a.fingerprint}`}>
              {a.name}
            </a>
            {a.filename !== null && a.filename !== a.name && <div class="hint">{a.filename}</div>}
          </th>
          <td>
            <Sha value={a.fingerprint} link />
          </td>
          <td>
            <VerdictReasons compliant={a.compliant} reasons={a.reasons} />
          </td>
          <ReportedCell artifact={a} link="build" />
        </tr>
      ))}
    </Table>
  );
}

/** When a trail reported the artifact, with a link to the build that made it when one was recorded. */
export function ReportedCell({ artifact, link }: { artifact: Artifact; link: string }) {
  return (
    <td class="nowrap">
      <Time at={artifact.createdAt} />
      {artifact.buildUrl !== null && (
        <div class="hint">
          <a href={artifact.buildUrl} rel="noreferrer">
            {link}
          </a>
        </div>
      )}
    </td>
  );
}
