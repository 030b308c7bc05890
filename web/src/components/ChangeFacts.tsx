import { Fragment } from 'preact';
import type { ApprovalChange, ChangeArtifact, ChangeCommit } from '../approvalTypes.ts';
import { href } from '../router.ts';
import { Sha } from './Sha.tsx';
import { TrailName } from './TrailName.tsx';
import { Verdict } from './Verdict.tsx';

/** "Alice Martín" of "Alice Martín <alice@example.com>", the whole signature on hover. */
function Person({ signature }: { signature: string | null }) {
  if (signature === null) return <span class="muted">unknown author</span>;
  return <span title={signature}>{signature.replace(/\s*<[^>]*>$/, '')}</span>;
}

function Commit({ commit }: { commit: ChangeCommit }) {
  return (
    <li>
      <Sha value={commit.sha} /> {commit.message ?? <span class="muted">(no message)</span>}{' '}
      <span class="muted">
        by <Person signature={commit.author} />
        {commit.committer !== null && commit.committer !== commit.author && (
          <>
            , committed by <Person signature={commit.committer} />
          </>
        )}
      </span>
    </li>
  );
}

/** The trails that reported the artifact, with their compliance. */
export function BuiltBy({ builds }: { builds: readonly ChangeArtifact[] }) {
  if (builds.length === 0) return <span class="muted">No pipeline reported this artifact.</span>;
  return (
    <ul class="plain-list">
      {builds.map((a) => (
        <li key={`${a.flow}/${a.trail}`}>
          <a href={href('flows', a.flow, 'trails', a.trail)}>
            {a.flow} / <TrailName name={a.trail} />
          </a>{' '}
          <Verdict value={a.compliant} />
          {a.reasons.length > 0 && <span class="muted"> {a.reasons.join('; ')}</span>}
        </li>
      ))}
    </ul>
  );
}

/**
 * What an approval request asks to let in, as `dl.facts` rows: what it replaces, the trails that
 * built it with their compliance, and their commits — what an approver needs to judge the change.
 */
export function ChangeFacts({ change, environment }: { change: ApprovalChange | null; environment: string }) {
  if (change === null)
    return (
      <>
        <dt>Change</dt>
        <dd class="muted">Not recorded with this request.</dd>
      </>
    );
  const { since } = change;
  return (
    <>
      <dt>Replaces</dt>
      <dd>
        {since === null ? (
          <span class="muted">
            Nothing: no earlier build of this artifact ran in or was approved for {environment}.
          </span>
        ) : (
          <>
            {since.name} <Sha value={since.fingerprint} link />{' '}
            <span class="muted">
              (
              {since.basis === 'running'
                ? `running in ${environment} when asked`
                : `last approved for ${environment}`}
              {since.commits.length > 0 && (
                <>
                  , built from{' '}
                  {since.commits.map((c, i) => (
                    <Fragment key={c}>
                      {i > 0 && ', '}
                      <Sha value={c} />
                    </Fragment>
                  ))}
                </>
              )}
              )
            </span>
          </>
        )}
      </dd>
      <dt>Built by</dt>
      <dd>
        <BuiltBy builds={change.artifacts} />
      </dd>
      <dt>Commits</dt>
      <dd>
        {change.commits.length === 0 ? (
          <span class="muted">No commits recorded.</span>
        ) : (
          <ul class="plain-list">
            {change.commits.map((c) => (
              <Commit key={`${c.flow}/${c.trail}/${c.sha}`} commit={c} />
            ))}
          </ul>
        )}
        {change.truncated && <p class="hint">The change was longer; only its first part was recorded.</p>}
      </dd>
    </>
  );
}
