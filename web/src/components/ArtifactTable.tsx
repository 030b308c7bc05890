import type { Artifact } from '../deliveryTypes.ts';
import { Empty } from './Page.tsx';
import { Sha } from './Sha.tsx';
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
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Artifact</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Verdict</th>
            <th scope="col">Reported</th>
          </tr>
        </thead>
        <tbody>
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
              <td class="nowrap">
                <Time at={a.createdAt} />
                {a.buildUrl !== null && (
                  <div class="hint">
                    <a href={a.buildUrl} rel="noreferrer">
                      build
                    </a>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
