import type { PullRequestData } from '../../core/compliance/pullRequest/pullRequestData.ts';
import { EvidentError } from '../../core/errors.ts';
import { choosePullRequest } from './choosePullRequest.ts';
import { ProviderClient } from './providerClient.ts';
import type { PullRequestCandidate, PullRequestRead, PullRequestTarget } from './pullRequestRead.ts';

/** What one provider contributes; the flow around it is the same for all. */
export interface ProviderReader {
  readonly label: string;
  /** Media type and API version headers (the credentials come from the target). */
  readonly headers: Readonly<Record<string, string>>;
  /** The pull requests the provider associates with `commit`. */
  find(client: ProviderClient, commit: string): Promise<readonly PullRequestCandidate[]>;
  /** Pull request `number` as provider-neutral data, with a note when something was left out. */
  read(client: ProviderClient, number: number): Promise<{ data: PullRequestData; note?: string }>;
}

/**
 * Reads `target.number`, or first finds the pull request of `target.commit`; returns the data, every
 * response body fetched (lookup pages first) and what the reader had to say about its choices.
 */
export async function readProviderPullRequest(
  target: PullRequestTarget,
  reader: ProviderReader,
  fetchImpl: typeof fetch,
): Promise<PullRequestRead> {
  const client = new ProviderClient(target, {
    label: reader.label,
    headers: reader.headers,
    fetch: fetchImpl,
  });
  let number = target.number;
  let lookupNote: string | undefined;
  if (number === undefined) {
    if (target.commit === undefined) {
      throw new EvidentError('bad_request', 'no pull request to read: pass --pr N or --commit SHA');
    }
    const chosen = choosePullRequest(
      await reader.find(client, target.commit),
      target.commit,
      target.repository,
    );
    number = chosen.number;
    lookupNote = chosen.note;
  }
  const { data, note } = await reader.read(client, number);
  const notes = [lookupNote, note].filter((n) => n !== undefined);
  return { data, raw: client.raw, ...(notes.length > 0 && { note: notes.join('. ') }) };
}
