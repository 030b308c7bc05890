import { useState } from 'preact/hooks';
import { api, orgPath, query } from '../../api.ts';
import { ArtifactLabel } from '../../components/ArtifactLabel.tsx';
import { ChangeKindLabel } from '../../components/ChangeKindLabel.tsx';
import { InstantInput } from '../../components/InstantInput.tsx';
import { Empty, Loaded } from '../../components/Page.tsx';
import { Table } from '../../components/Table.tsx';
import { Time } from '../../components/Time.tsx';
import { Verdict } from '../../components/Verdict.tsx';
import type { ChangeKind, EnvironmentInfo, SnapshotDiff } from '../../environmentTypes.ts';
import { navigate } from '../../router.ts';
import { useResource } from '../../useResource.ts';
import { environmentLink } from './environmentLink.ts';
import { pointOf, refOf, type SnapshotPoint } from './snapshotPoint.ts';

const ORDER: Record<ChangeKind, number> = { started: 0, stopped: 1, scaled: 2 };

/** Differences between two snapshots: two moments of this environment, or of two environments. */
export function CompareTab({
  org,
  env,
  from,
  to,
}: {
  org: string;
  env: EnvironmentInfo;
  from: string | undefined;
  to: string | undefined;
}) {
  const [environments] = useResource(`${org}/environments`, () =>
    api.get<{ environments: EnvironmentInfo[] }>(orgPath(org, 'environments')),
  );
  const home = env.type === 'logical' ? (env.includes[0] ?? '') : env.name;
  const [diff] = useResource(`${org}/diff/${from ?? ''}/${to ?? ''}/${home}`, async () => {
    if (from !== undefined && to !== undefined)
      return api.get<SnapshotDiff>(orgPath(org, 'snapshots', 'diff') + query({ from, to }));
    // Nothing asked yet: the latest change, the snapshot before the latest against the latest (the
    // meaning of an empty form), once there are two.
    if (home === '') return undefined;
    const latest =
      env.type === 'logical'
        ? (await api.get<EnvironmentInfo>(orgPath(org, 'environments', home))).snapshots
        : env.snapshots;
    return latest < 2
      ? undefined
      : api.get<SnapshotDiff>(orgPath(org, 'snapshots', 'diff') + query({ from: `${home}~1`, to: home }));
  });
  return (
    <>
      <Loaded resource={environments}>
        {({ environments: all }) => {
          const physical = all.filter((e) => e.type !== 'logical').map((e) => e.name);
          return (
            <CompareForm
              key={`${from ?? ''}|${to ?? ''}`}
              choices={physical}
              from={pointOf(from, home)}
              to={pointOf(to, home)}
              onCompare={(f, t) => navigate(environmentLink(env.name, { tab: 'compare', from: f, to: t }))}
            />
          );
        }}
      </Loaded>
      <Loaded resource={diff}>{(answer) => answer !== undefined && <DiffResult diff={answer} />}</Loaded>
    </>
  );
}

function CompareForm(props: {
  choices: readonly string[];
  from: SnapshotPoint;
  to: SnapshotPoint;
  onCompare: (from: string, to: string) => void;
}) {
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="card compare-form"
      aria-labelledby="compare-title"
      onSubmit={(e) => {
        e.preventDefault();
        const f = refOf(from, 'previous');
        const t = refOf(to, 'latest');
        if ('error' in f) setError(`From: ${f.error}`);
        else if ('error' in t) setError(`To: ${t.error}`);
        else {
          setError(null);
          props.onCompare(f.ref, t.ref);
        }
      }}
    >
      <header class="card-header">
        <h2 id="compare-title">Compare two snapshots</h2>
        <p class="hint">
          For each side give a time or a snapshot number. Left empty, From is the snapshot before the latest
          and To the latest: the last change.
        </p>
      </header>
      <div class="compare-sides">
        <PointFields
          id="from"
          legend="From"
          blank="before the latest"
          choices={props.choices}
          point={from}
          onChange={setFrom}
        />
        <PointFields id="to" legend="To" blank="latest" choices={props.choices} point={to} onChange={setTo} />
      </div>
      {error !== null && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary">
          Compare
        </button>
      </div>
    </form>
  );
}

function PointFields({
  id,
  legend,
  blank,
  choices,
  point,
  onChange,
}: {
  id: string;
  legend: string;
  /** Which snapshot an empty side means, as the number field's placeholder says. */
  blank: string;
  choices: readonly string[];
  point: SnapshotPoint;
  onChange: (point: SnapshotPoint) => void;
}) {
  return (
    <fieldset class="point-fields">
      <legend>{legend}</legend>
      <label for={`${id}-environment`}>
        Environment
        <select
          id={`${id}-environment`}
          value={point.environment}
          onChange={(e) => onChange({ ...point, environment: e.currentTarget.value })}
        >
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <InstantInput
        id={`${id}-time`}
        label="Time"
        value={point.local}
        onInput={(local) => onChange({ ...point, local })}
      />
      <label for={`${id}-number`}>
        or snapshot number
        <input
          id={`${id}-number`}
          type="number"
          min="1"
          inputMode="numeric"
          placeholder={blank}
          value={point.number}
          onInput={(e) => onChange({ ...point, number: e.currentTarget.value })}
        />
      </label>
    </fieldset>
  );
}

function Side({ label, side }: { label: string; side: SnapshotDiff['from'] }) {
  return (
    <div class="diff-side">
      <span class="muted">{label}</span>{' '}
      <a href={environmentLink(side.environment, { at: side.at })}>
        {side.environment} #{side.number}
      </a>
      , in force from <Time at={side.at} /> <Verdict value={side.compliant} />
    </div>
  );
}

/** "1 added, 1 removed, 1 scaled", or "no differences". */
function summary(changes: SnapshotDiff['changes']): string {
  const count = (kind: ChangeKind) => changes.filter((c) => c.kind === kind).length;
  const parts = [
    [count('started'), 'added'],
    [count('stopped'), 'removed'],
    [count('scaled'), 'scaled'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  return said.length === 0 ? 'No differences' : said.join(', ');
}

function DiffResult({ diff }: { diff: SnapshotDiff }) {
  const changes = [...diff.changes].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  return (
    <section class="card" aria-labelledby="diff-title">
      <header class="card-header">
        <h2 id="diff-title">Differences</h2>
        <p class="hint">{summary(changes)}</p>
      </header>
      <div class="diff-sides">
        <Side label="From" side={diff.from} />
        <Side label="To" side={diff.to} />
      </div>
      {changes.length === 0 ? (
        <Empty title="No differences.">The same artifacts ran, with the same instance counts.</Empty>
      ) : (
        <Table
          columns={['Difference', 'Artifact']}
          caption="Differences between the two snapshots"
          class="diff-table"
        >
          {changes.map((c) => (
            <tr key={`${c.kind}/${c.name}/${c.fingerprint}`} data-artifact={c.name}>
              <td>
                <ChangeKindLabel kind={c.kind} before={c.before} after={c.after} vocabulary="diff" />
              </td>
              <td>
                <ArtifactLabel name={c.name} fingerprint={c.fingerprint} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
