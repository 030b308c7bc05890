import { summaryLine } from '../attestationSummary.ts';
import type { Artifact, Attestation } from '../deliveryTypes.ts';
import { actorName } from '../ledgerTypes.ts';
import { supersededAttestations } from '../supersededAttestations.ts';
import { EvidenceLink } from './EvidenceLink.tsx';
import { Empty } from './Page.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';
import { Tag } from './Verdict.tsx';
import { VerdictReasons } from './VerdictReasons.tsx';

/** What an attestation is about, in words. */
function subject(a: Attestation, artifacts: readonly Artifact[]): string {
  if (a.target === null) return 'the trail';
  if ('artifactName' in a.target) return a.target.artifactName;
  const { fingerprint } = a.target;
  return artifacts.find((r) => r.fingerprint === fingerprint)?.name ?? fingerprint.slice(0, 12);
}

/**
 * Attestations with the server's verdict, what it found, why it is not compliant, the evidence
 * to download, and when and by whom each was recorded. Oldest first; an attestation replaced by a
 * later one of the same name is marked, since only the latest counts.
 */
export function AttestationTable({
  org,
  attestations,
  artifacts,
  showSubject = false,
}: {
  org: string;
  attestations: readonly Attestation[];
  artifacts: readonly Artifact[];
  /** Adds a column naming what each attestation is about (the trail or which artifact). */
  showSubject?: boolean;
}) {
  if (attestations.length === 0)
    return (
      <Empty title="No attestations recorded.">
        A pipeline records them with <code>evident attest junit FILE --name NAME …</code> or{' '}
        <code>POST …/trails/TRAIL/attestations</code>.
      </Empty>
    );
  const superseded = supersededAttestations(attestations, artifacts);
  return (
    <Table
      columns={['Attestation', showSubject && 'About', 'Verdict', 'Found', 'Evidence', 'Recorded']}
      class="attestation-table"
    >
      {attestations.map((a) => (
        <tr
          key={`${a.index}:${a.flow}/${a.trail}`}
          class={superseded.has(a.index) ? 'superseded' : ''}
          data-attestation={a.name}
        >
          <th scope="row">
            <span class="cell-title">{a.name}</span>
            <span class="muted"> {a.type}</span>
            {superseded.has(a.index) && (
              <div>
                <Tag>superseded by a later {a.name}</Tag>
              </div>
            )}
          </th>
          {showSubject && <td>{subject(a, artifacts)}</td>}
          <td>
            <VerdictReasons compliant={a.compliant} reasons={a.reasons} />
            {a.claimed && <div class="hint">claimed by the client, not computed</div>}
          </td>
          <td>{summaryLine(a) || <span class="muted">—</span>}</td>
          <td>
            {a.evidence.length === 0 ? (
              <span class="muted">none</span>
            ) : (
              <ul class="plain-list">
                {a.evidence.map((file) => (
                  <li key={file.sha256}>
                    <EvidenceLink org={org} file={file} />
                  </li>
                ))}
              </ul>
            )}
          </td>
          <td class="nowrap">
            <Time at={a.createdAt} />
            <div class="hint">by {actorName(a.recordedBy)}</div>
          </td>
        </tr>
      ))}
    </Table>
  );
}
