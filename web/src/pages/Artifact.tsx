import type { ComponentChildren } from 'preact';
import { api, orgPath, query } from '../api.ts';
import type { ApprovalPage } from '../approvalTypes.ts';
import type { ArtifactRuns } from '../artifactTypes.ts';
import { ArtifactApprovals } from '../components/ArtifactApprovals.tsx';
import { approvalStatus } from '../components/ApprovalStatusTag.tsx';
import { ArtifactRunsTable } from '../components/ArtifactRunsTable.tsx';
import { ReportedCell } from '../components/ArtifactTable.tsx';
import { AttestationTable } from '../components/AttestationTable.tsx';
import { AuditPackageLink } from '../components/AuditPackageLink.tsx';
import { CommitFacts } from '../components/CommitFacts.tsx';
import { noPolicyNames } from '../components/NoPolicyTag.tsx';
import { Empty, Loaded, Page } from '../components/Page.tsx';
import { Table } from '../components/Table.tsx';
import { Time } from '../components/Time.tsx';
import { TrailName } from '../components/TrailName.tsx';
import { Tag, Verdict } from '../components/Verdict.tsx';
import { VerdictReasons } from '../components/VerdictReasons.tsx';
import type { ArtifactRecord } from '../deliveryTypes.ts';
import type { EnvironmentInfo } from '../environmentTypes.ts';
import { href } from '../router.ts';
import type { PageProps } from '../routes.tsx';
import { useResource } from '../useResource.ts';

/** Everything known about one fingerprint, from its commit to where it ran. */
interface Story {
  readonly runs: ArtifactRuns;
  /** The trails that reported it, each with its attestations about it. */
  readonly reports: ArtifactRecord['reports'];
  readonly approvals: ApprovalPage['approvals'];
  /** The environments that follow no policy: there its verdicts judged provenance only. */
  readonly noPolicy: ReadonlySet<string>;
}

/**
 * Where it ran first: that answers for any fingerprint Evident saw, and says whether a trail
 * reported it — only then is there a build record to read (one never reported has none).
 */
async function loadStory(org: string, fingerprint: string): Promise<Story> {
  const [runs, approvals, { environments }] = await Promise.all([
    api.get<ArtifactRuns>(orgPath(org, 'artifacts', fingerprint, 'runs')),
    api.get<ApprovalPage>(orgPath(org, 'approvals') + query({ fingerprint })),
    api.get<{ environments: EnvironmentInfo[] }>(orgPath(org, 'environments')),
  ]);
  const { reports } = runs.reported
    ? await api.get<ArtifactRecord>(orgPath(org, 'artifacts', fingerprint))
    : { reports: [] };
  return { runs, reports, approvals: approvals.approvals, noPolicy: noPolicyNames(environments) };
}

/** One step of the artifact's story: a dot on the timeline and a card. */
function Step({ title, children }: { title: string; children: ComponentChildren }) {
  const id = `step-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <li class="card story-step">
      <h2 id={id}>{title}</h2>
      {children}
    </li>
  );
}

function NoProvenance({ runs }: { runs: ArtifactRuns }) {
  const unauthorised = runs.runs.filter((r) => r.unauthorised);
  return (
    <div class="verdict-box verdict-bad">
      <p class="verdict-box-title">
        <Tag tone="bad">
          <span aria-hidden="true">✗</span> No provenance
        </Tag>{' '}
        No pipeline ever reported this fingerprint: nothing is known of the commit, build, tests or reviews
        behind it.
      </p>
      {unauthorised.length > 0 && (
        <ul class="reasons">
          {unauthorised.map((r) => (
            <li key={`${r.environment}@${r.from}`}>
              It ran <strong>unauthorised</strong> in{' '}
              <a href={href('environments', r.environment)}>{r.environment}</a> as <code>{r.name}</code> from{' '}
              <Time at={r.from} />{' '}
              {r.until === null ? (
                <strong>and is still running</strong>
              ) : (
                <>
                  until <Time at={r.until} />
                </>
              )}
              .
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The headline answers: where it came from, whether it complies, who let it in, where it runs. */
function Summary({ story }: { story: Story }) {
  const running = [...new Set(story.runs.runs.filter((r) => r.until === null).map((r) => r.environment))];
  // Counted by the words their tags say ("1 superseded"), newest first.
  const counts = new Map<string, number>();
  for (const approval of story.approvals) {
    const { word } = approvalStatus(approval);
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const approvals = [...counts].map(([word, n]) => `${n} ${word.toLowerCase()}`);
  const allCompliant = story.reports.every((r) => r.artifact.compliant);
  return (
    <dl class="summary-strip">
      <div>
        <dt>Provenance</dt>
        <dd>
          {story.reports.length === 0 ? (
            <Verdict value={false} label="None" />
          ) : (
            <Verdict value label={`${story.reports.length} trail${story.reports.length === 1 ? '' : 's'}`} />
          )}
        </dd>
      </div>
      <div>
        <dt>Build compliance</dt>
        <dd>{story.reports.length === 0 ? <Verdict value="unknown" /> : <Verdict value={allCompliant} />}</dd>
      </div>
      <div>
        <dt>Approvals</dt>
        <dd>{approvals.length === 0 ? 'none' : approvals.join(' · ')}</dd>
      </div>
      <div>
        <dt>Running now in</dt>
        <dd>
          {running.length === 0
            ? 'nowhere'
            : running.map((env, i) => (
                <span key={env}>
                  {i > 0 && ', '}
                  <a href={href('environments', env)}>{env}</a>
                </span>
              ))}
        </dd>
      </div>
    </dl>
  );
}

function Commits({ story }: { story: Story }) {
  if (story.reports.length === 0)
    return <p class="muted">Unknown: no trail reported this artifact, so no commit is on record.</p>;
  const seen = new Set<string>();
  const trails = story.reports
    .map((r) => r.trail)
    .filter((t) => {
      const key = t.commit?.sha ?? `${t.flow}/${t.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return (
    <>
      {trails.map((t) => (
        <CommitFacts key={`${t.flow}/${t.name}`} commit={t.commit} />
      ))}
    </>
  );
}

function Builds({ story }: { story: Story }) {
  if (story.reports.length === 0)
    return <p class="muted">Unknown: no flow or trail reported building this fingerprint.</p>;
  return (
    <Table columns={['Flow / trail', 'Reported as', 'Artifact verdict', 'Trail verdict', 'Reported']}>
      {story.reports.map(({ artifact: a, trail: t }) => (
        <tr key={`${a.flow}/${a.trail}`}>
          <th scope="row">
            <a href={href('flows', a.flow)}>{a.flow}</a> /{' '}
            <a class="cell-title" href={href('flows', a.flow, 'trails', a.trail)}>
              <TrailName name={a.trail} />
            </a>
          </th>
          <td>
            <code>{a.name}</code>
            {a.filename !== null && <div class="hint">{a.filename}</div>}
            {a.repository !== null && <div class="hint">{a.repository}</div>}
          </td>
          <td>
            <VerdictReasons compliant={a.compliant} reasons={a.reasons} />
          </td>
          <td>
            <Verdict value={t.compliant} />
          </td>
          <ReportedCell artifact={a} link="Build log" />
        </tr>
      ))}
    </Table>
  );
}

function Attestations({ org, story }: { org: string; story: Story }) {
  if (story.reports.length === 0) return <p class="muted">None: nothing was attested about this artifact.</p>;
  return (
    <>
      {story.reports.map((r) => (
        <div key={`${r.artifact.flow}/${r.artifact.trail}`} class="report-attestations">
          {story.reports.length > 1 && (
            <h3>
              In trail{' '}
              <a href={href('flows', r.artifact.flow, 'trails', r.artifact.trail)}>
                {r.artifact.flow} / {r.artifact.trail}
              </a>
            </h3>
          )}
          <AttestationTable org={org} attestations={r.attestations} artifacts={[r.artifact]} />
        </div>
      ))}
    </>
  );
}

function ArtifactStory({ org, story }: { org: string; story: Story }) {
  return (
    <>
      {!story.runs.reported && <NoProvenance runs={story.runs} />}
      <Summary story={story} />
      <ol class="timeline story">
        <Step title="Commit">
          <Commits story={story} />
        </Step>
        <Step title="Build">
          <Builds story={story} />
        </Step>
        <Step title="Attestations">
          <Attestations org={org} story={story} />
        </Step>
        <Step title="Approvals">
          <ArtifactApprovals approvals={story.approvals} />
        </Step>
        <Step title="Where it ran">
          {story.runs.truncated && (
            <p class="notice">It started and stopped so often that only the most recent periods are shown.</p>
          )}
          <ArtifactRunsTable
            runs={story.runs.runs}
            now={new Date().toISOString()}
            noPolicy={story.noPolicy}
          />
        </Step>
      </ol>
    </>
  );
}

/** A fingerprint Evident never saw (404) gets what to try next instead of an error. */
function Unknown({ fingerprint }: { fingerprint: string }) {
  return (
    <Empty title="Evident has no record of this fingerprint.">
      No trail reported it and no environment ran it. Check that it is the SHA-256 of the artifact itself (for
      an image, its digest), or <a href={`/search${query({ q: fingerprint.slice(0, 12) })}`}>search</a> for
      part of it or for the artifact's name.
    </Empty>
  );
}

/** The names it ran under (as people see it deployed), else those the trails reported it by. */
function names(story: Story): string {
  const ran = story.runs.runs.map((r) => r.name);
  return [...new Set(ran.length > 0 ? ran : story.reports.map((r) => r.artifact.name))].join(', ');
}

/** An artifact by SHA-256: commit → build → attestations → approvals → every place and time it ran. */
export function Artifact({ session, params }: PageProps) {
  const fingerprint = (params.fingerprint ?? '').toLowerCase().replace(/^sha256:/, '');
  const valid = /^[0-9a-f]{64}$/.test(fingerprint);
  const [story] = useResource(`artifact:${fingerprint}`, () =>
    valid ? loadStory(session.org, fingerprint) : Promise.resolve(null),
  );
  const title = story.state === 'ready' && story.value !== null ? names(story.value) : 'Artifact';
  return (
    <Page
      title={title === '' ? 'Artifact' : title}
      subtitle={
        <>
          Artifact <code class="fingerprint">sha256:{fingerprint}</code>
        </>
      }
      actions={
        story.state === 'ready' && story.value !== null ? (
          <AuditPackageLink org={session.org} subject={{ artifact: fingerprint }} />
        ) : undefined
      }
    >
      {!valid ? (
        <Empty title="This address does not hold a full SHA-256 fingerprint (64 hex digits).">
          To find an artifact by part of its fingerprint,{' '}
          <a href={`/search${query({ q: params.fingerprint ?? '' })}`}>search for it</a>.
        </Empty>
      ) : (
        <Loaded resource={story} notFound={<Unknown fingerprint={fingerprint} />}>
          {(s) => (s === null ? null : <ArtifactStory org={session.org} story={s} />)}
        </Loaded>
      )}
    </Page>
  );
}
