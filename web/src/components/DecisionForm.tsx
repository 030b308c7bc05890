import { useRef, useState } from 'preact/hooks';
import { api, ApiError, orgPath } from '../api.ts';
import type { Approval, Decision } from '../approvalTypes.ts';

/**
 * Approve or reject a request (or review an exception) with a comment. A refusal of the server is
 * shown as its own sentence and the form keeps what was typed: nothing was recorded.
 */
export function DecisionForm({
  org,
  approval,
  onDecided,
}: {
  org: string;
  approval: Approval;
  onDecided: (decision: Decision, after: Approval) => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const what = `${approval.kind === 'request' ? 'request' : 'exception'} ${approval.id}`;
  const field = `decision-comment-${approval.id}`;

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const decision = (event.submitter as HTMLButtonElement | null)?.value === 'reject' ? 'reject' : 'approve';
    const text = comment.trim();
    // The server's rule too (approvalRules.ts): said before the round trip.
    if (decision === 'reject' && text === '') {
      setError('A rejection needs a comment saying why.');
      textarea.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<{ approval: Approval }>(
        orgPath(org, 'approvals', String(approval.id), 'decisions'),
        { decision, ...(text !== '' && { comment: text }) },
      );
      onDecided(decision, answer.approval);
    } catch (e) {
      const reason = e instanceof ApiError ? e.message : String(e);
      setError(`Not recorded: ${reason.replace(/\.?$/, '.')}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="decision-form" aria-label={`Decide on ${what}`} onSubmit={(e) => void submit(e)}>
      <label for={field}>Your comment</label>
      <p id={`${field}-hint`} class="hint">
        What you checked, or why you reject. A rejection needs one.
      </p>
      <textarea
        id={field}
        ref={textarea}
        name="comment"
        rows={2}
        maxLength={2000}
        value={comment}
        aria-invalid={error !== null}
        aria-describedby={`${field}-hint${error !== null ? ` ${field}-error` : ''}`}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      {error !== null && (
        <p id={`${field}-error`} class="error-box" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="primary" name="decision" value="approve" disabled={busy}>
          Approve<span class="visually-hidden"> {what}</span>
        </button>
        <button type="submit" class="danger" name="decision" value="reject" disabled={busy}>
          Reject<span class="visually-hidden"> {what}</span>
        </button>
        {busy && (
          <span class="muted" role="status">
            Recording…
          </span>
        )}
      </div>
    </form>
  );
}
