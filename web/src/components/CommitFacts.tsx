import type { GitCommit } from '../deliveryTypes.ts';
import { Time } from './Time.tsx';

/** The git facts of a commit: id, author, message, branch and time. */
export function CommitFacts({ commit }: { commit: GitCommit | null }) {
  if (commit === null)
    return (
      <p class="muted">No commit was recorded for this trail (the pipeline began it without git facts).</p>
    );
  const [title, ...body] = (commit.message ?? '').split('\n');
  const rest = body.join('\n').trim();
  return (
    <dl class="facts">
      <dt>Commit</dt>
      <dd>
        {commit.url === undefined ? (
          <code>{commit.sha}</code>
        ) : (
          <a href={commit.url} rel="noreferrer">
            <code>{commit.sha}</code>
          </a>
        )}
      </dd>
      <dt>Message</dt>
      <dd>
        {title === undefined || title === '' ? (
          <span class="muted">—</span>
        ) : (
          <>
            <strong>{title}</strong>
            {rest !== '' && <p class="commit-body">{rest}</p>}
          </>
        )}
      </dd>
      <dt>Author</dt>
      <dd>{commit.author ?? <span class="muted">—</span>}</dd>
      {commit.committer !== undefined && commit.committer !== commit.author && (
        <>
          <dt>Committer</dt>
          <dd>{commit.committer}</dd>
        </>
      )}
      <dt>Branch</dt>
      <dd>{commit.branch === undefined ? <span class="muted">—</span> : <code>{commit.branch}</code>}</dd>
      <dt>Committed</dt>
      <dd>
        <Time at={commit.timestamp} />
      </dd>
    </dl>
  );
}
