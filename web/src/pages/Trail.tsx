import { api, orgPath, query } from '../api.ts';
import { summaryLine } from '../attestationSummary.ts';
import { ArtifactTable } from '../components/ArtifactTable.tsx';
import { AttestationTable } from '../components/AttestationTable.tsx';
import { AuditPackageLink } from '../components/AuditPackageLink.tsx';
import { CommitFacts } from '../components/CommitFacts.tsx';
import { Empty, Loaded, Page, Section } from '../components/Page.tsx';
import { Reasons } from '../components/Reasons.tsx';
import { Table } from '../components/Table.tsx';
import { typeInWords } from '../components/TemplateText.tsx';
import { Time } from '../components/Time.tsx';
import { Verdict } from '../components/Verdict.tsx';
import type { TrailRecord } from '../deliveryTypes.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.tsx';
import { plainProblems, trailChecklist, type Check } from '../trailChecklist.ts';
import { useResource } from '../useResource.ts';

/** Why the trail is not compliant: plain sentences first, the server's own reasons on request. */
function WhyNot({ record }: { record: TrailRecord }) {
  const plain = plainProblems(trailChecklist(record));
  const { reasons } = record.trail;
  return (
    <div class="verdict-box verdict-bad">
      <p class="verdict-box-title">
        <span aria-hidden="true">✗</span> This trail is not compliant
        {plain.length > 0 ? ':' : '. The server’s reasons:'}
      </p>
      <Reasons reasons={plain.length > 0 ? plain : reasons} />
      {plain.length > 0 && reasons.length > 0 && (
        <details>
          <summary>The reasons as the server recorded them</summary>
          <Reasons reasons={reasons} />
        </details>
      )}
    </div>
  );
}

function CheckRow({ check }: { check: Check }) {
  return (
    <tr>
      <th scope="row">
        <span class="cell-title">{check.name}</span> <span class="muted">{typeInWords(check.type)}</span>
      </th>
      <td>{check.artifact ?? <span class="muted">the trail</span>}</td>
      <td>
        {check.found === undefined ? (
          <Verdict value="missing" label="Missing" />
        ) : (
          <Verdict value={check.problem === null} />
        )}
      </td>
      <td>
        {check.found === undefined
          ? 'No attestation of this name was recorded.'
          : (check.problem ?? summaryLine(check.found)) || 'compliant'}
      </td>
    </tr>
  );
}

function Requirements({ record }: { record: TrailRecord }) {
  const { checks, unreported } = trailChecklist(record);
  if (checks.length === 0 && unreported.length === 0)
    return (
      <Empty title="Nothing is required of this trail.">
        {record.trail.template === null
          ? 'Its flow had no template when the trail began, so any trail is compliant while its attestations are.'
          : 'Its template lists no attestations.'}
      </Empty>
    );
  return (
    <Table columns={['Requirement', 'About', 'Status', 'What was found']}>
      {checks.map((c) => (
        <CheckRow key={`${c.artifact ?? ''}/${c.name}`} check={c} />
      ))}
      {unreported.map((name) => (
        <tr key={`unreported/${name}`}>
          <th scope="row">
            <span class="cell-title">artifact {name}</span>
          </th>
          <td>{name}</td>
          <td>
            <Verdict value="missing" label="Missing" />
          </td>
          <td>The template names this artifact, but the trail never reported it.</td>
        </tr>
      ))}
    </Table>
  );
}

/** One trail: its commit, artifacts and attestations, and why it is or is not compliant. */
export function Trail({ session, params }: PageProps) {
  const flow = params.flow ?? '';
  const name = params.trail ?? '';
  const [record] = useResource(`trail:${flow}/${name}`, () =>
    api.get<TrailRecord>(orgPath(session.org, 'flows', flow, 'trails', name)),
  );
  return (
    <Page
      title={`Trail ${name}`}
      subtitle={
        <>
          of flow <a href={href('flows', flow)}>{flow}</a>
        </>
      }
      actions={
        record.state === 'ready' ? (
          <>
            <Verdict value={record.value.trail.compliant} />
            <AuditPackageLink org={session.org} subject={{ flow, trail: name }} />
          </>
        ) : undefined
      }
    >
      <Loaded
        resource={record}
        notFound={
          <Empty title={`There is no trail “${name}” in flow “${flow}”.`}>
            The page of <a href={href('flows', flow)}>flow {flow}</a> lists its trails; or{' '}
            <a href={`/search${query({ q: name })}`}>search for “{name}”</a>.
          </Empty>
        }
      >
        {(r) => (
          <>
            {!r.trail.compliant && <WhyNot record={r} />}
            <div class="two-columns">
              <Section title="Commit">
                <CommitFacts commit={r.trail.commit} />
              </Section>
              <Section title="Trail">
                <dl class="facts">
                  {r.trail.description !== '' && (
                    <>
                      <dt>Description</dt>
                      <dd>{r.trail.description}</dd>
                    </>
                  )}
                  <dt>Began</dt>
                  <dd>
                    <Time at={r.trail.createdAt} />
                  </dd>
                  <dt>Last change</dt>
                  <dd>
                    <Time at={r.trail.updatedAt} />
                  </dd>
                  <dt>Build</dt>
                  <dd>
                    {r.trail.originUrl === null ? (
                      <span class="muted">no link recorded</span>
                    ) : (
                      <a href={r.trail.originUrl} rel="noreferrer">
                        {r.trail.originUrl}
                      </a>
                    )}
                  </dd>
                  <dt>Ledger entry</dt>
                  <dd>#{r.trail.createdIndex}</dd>
                </dl>
              </Section>
            </div>
            <Section title="Artifacts">
              <ArtifactTable artifacts={r.artifacts} />
            </Section>
            <Section title="Requirements">
              <p class="hint">
                What the template asked of this trail when it began, and what was recorded for each; then any
                other attestation whose latest is not compliant, since that fails the trail too.
              </p>
              <Requirements record={r} />
            </Section>
            <Section title="Attestations">
              <AttestationTable
                org={session.org}
                attestations={r.attestations}
                artifacts={r.artifacts}
                showSubject
              />
            </Section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
