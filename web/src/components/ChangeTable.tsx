import type { EnvironmentChange } from '../environmentTypes.ts';
import { href } from '../router.ts';
import { ArtifactLabel } from './ArtifactLabel.tsx';
import { ChangeKindLabel } from './ChangeKindLabel.tsx';
import { NoPolicyTag } from './NoPolicyTag.tsx';
import { Provenance } from './Provenance.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';
import { UnauthorisedTag } from './UnauthorisedTag.tsx';
import { VerdictReasons } from './VerdictReasons.tsx';

/** Change-log lines, newest first: what started, stopped or scaled, and whether it was let in. */
export function ChangeTable({
  changes,
  caption,
  showEnvironment = false,
  noPolicy = new Set(),
}: {
  changes: readonly EnvironmentChange[];
  caption: string;
  showEnvironment?: boolean;
  /** Environments that follow no policy: their verdicts judged provenance only, which is said. */
  noPolicy?: ReadonlySet<string>;
}) {
  return (
    <Table
      columns={['When', showEnvironment && 'Environment', 'Change', 'Artifact', 'Verdict', 'Built by']}
      caption={caption}
      class="change-table"
    >
      {changes.map((c) => (
        <tr
          key={`${c.environment}/${c.index}/${c.kind}/${c.name}/${c.fingerprint}`}
          class={c.unauthorised ? 'row-flagged' : undefined}
        >
          <td class="nowrap">
            <Time at={c.at} />
            <div class="muted small">snapshot #{c.snapshot}</div>
          </td>
          {showEnvironment && (
            <td>
              <a href={href('environments', c.environment)}>{c.environment}</a>
              {noPolicy.has(c.environment) && (
                <div>
                  <NoPolicyTag />
                </div>
              )}
            </td>
          )}
          <td>
            <ChangeKindLabel kind={c.kind} before={c.instancesBefore} after={c.instancesAfter} />
            {c.unauthorised && (
              <div>
                <UnauthorisedTag />
              </div>
            )}
          </td>
          <td>
            <ArtifactLabel name={c.name} fingerprint={c.fingerprint} />
          </td>
          <td>
            <VerdictReasons compliant={c.compliant} reasons={c.reasons} notes={c.notes} />
          </td>
          <td>
            <Provenance trails={c.provenance} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
