import type { ArtifactRun } from '../artifactTypes.ts';
import { duration } from '../duration.ts';
import { environmentLink } from '../pages/environment/environmentLink.ts';
import { href } from '../router.ts';
import { NoPolicyTag } from './NoPolicyTag.tsx';
import { Empty } from './Page.tsx';
import { Table } from './Table.tsx';
import { Time } from './Time.tsx';
import { UnauthorisedTag } from './UnauthorisedTag.tsx';
import { Tag } from './Verdict.tsx';
import { VerdictReasons } from './VerdictReasons.tsx';

/** Runs by environment, in the order of each environment's latest start. */
function byEnvironment(runs: readonly ArtifactRun[]): [string, ArtifactRun[]][] {
  const groups = new Map<string, ArtifactRun[]>();
  for (const run of runs) groups.set(run.environment, [...(groups.get(run.environment) ?? []), run]);
  return [...groups];
}

function Periods({
  environment,
  runs,
  now,
  noPolicy,
}: {
  environment: string;
  runs: ArtifactRun[];
  now: string;
  /** The environment follows no policy, so its verdicts judged provenance only. */
  noPolicy: boolean;
}) {
  const running = runs.some((r) => r.until === null);
  return (
    <section class="run-group" aria-labelledby={`runs-${environment}`} data-environment={environment}>
      <h3 id={`runs-${environment}`}>
        <a href={href('environments', environment)}>{environment}</a>{' '}
        {running ? (
          <Tag tone="good">
            <span aria-hidden="true">●</span> Running now
          </Tag>
        ) : (
          <Tag>
            <span aria-hidden="true">○</span> Not running now
          </Tag>
        )}{' '}
        <span class="muted">
          {runs.length} period{runs.length === 1 ? '' : 's'}
        </span>
        {noPolicy && <NoPolicyTag hint />}
      </h3>
      <Table columns={['From', 'Until', 'For', 'Ran as', 'Verdict when it started']}>
        {runs.map((r) => (
          <tr key={`${r.name}@${r.from}`} class={r.unauthorised ? 'row-flagged' : ''}>
            <td class="nowrap">
              <Time at={r.from} />
              <div class="hint">
                <a href={environmentLink(environment, { at: r.from })}>What ran in {environment} then</a>
              </div>
            </td>
            <td class="nowrap">
              {r.until === null ? (
                <Tag tone="good">
                  <span aria-hidden="true">●</span> still running
                </Tag>
              ) : (
                <Time at={r.until} />
              )}
            </td>
            <td class="nowrap">
              {duration(r.from, r.until ?? now)}
              {r.until === null && <span class="muted"> so far</span>}
            </td>
            <td>
              <code>{r.name}</code>
              <div class="hint">
                {r.instances === r.instancesAtStart
                  ? `${r.instances} instance${r.instances === 1 ? '' : 's'}`
                  : `${r.instancesAtStart} → ${r.instances} instances`}
                {r.scalings > 0 && `, scaled ${r.scalings}×`}
              </div>
            </td>
            <td>
              {r.unauthorised && <UnauthorisedTag />}
              <VerdictReasons compliant={r.compliant} reasons={r.reasons} notes={r.notes} />
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

/**
 * Every environment the artifact ran in, each with its from–until periods; `noPolicy` names the
 * environments that follow no policy.
 */
export function ArtifactRunsTable({
  runs,
  now,
  noPolicy,
}: {
  runs: readonly ArtifactRun[];
  now: string;
  noPolicy: ReadonlySet<string>;
}) {
  if (runs.length === 0)
    return (
      <Empty title="It has not run in any environment Evident watches.">
        Environments report what runs in them with <code>evident snapshot …</code>; once one runs it, its
        periods show here.
      </Empty>
    );
  return (
    <>
      {byEnvironment(runs).map(([environment, list]) => (
        <Periods
          key={environment}
          environment={environment}
          runs={list}
          now={now}
          noPolicy={noPolicy.has(environment)}
        />
      ))}
    </>
  );
}
