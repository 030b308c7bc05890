import type { GitCommitMetadata } from './gitMetadata.ts';

/** A commit's metadata after `--redact-commit-info`: who and what removed, structure and times kept. */
export type RedactedCommitMetadata = Omit<GitCommitMetadata, 'author' | 'committer' | 'message'> & {
  author: { name: string; timestamp: string };
  committer: { name: string; timestamp: string };
  /** Always true: marks the record as deliberately redacted rather than missing data. */
  redacted: true;
};

/**
 * `--redact-commit-info`: the commit metadata that may leave the machine when commit messages and
 * e-mail addresses must not (personal data, or secrets pasted into messages).
 *
 * Dropped: the author's and committer's e-mail addresses and the message.
 * Kept: the sha, the parents, both timestamps, the branch and the shallow/detached flags — enough to
 * place the commit in history and to match it against the repository later, which is what the ledger
 * needs — and the author's and committer's display names (the option is about contact details and
 * message content; a name alone is what reviewers see next to the commit anyway).
 *
 * Fields are copied by name (an allowlist), so a field added to {@link GitCommitMetadata} later is
 * dropped here until it is deliberately added. The result is a new object; `commit` is not modified.
 */
export function redactCommit(commit: GitCommitMetadata): RedactedCommitMetadata {
  return {
    sha: commit.sha,
    author: { name: commit.author.name, timestamp: commit.author.timestamp },
    committer: { name: commit.committer.name, timestamp: commit.committer.timestamp },
    parents: [...commit.parents],
    shallow: commit.shallow,
    parentsTruncated: commit.parentsTruncated,
    ...(commit.branch !== undefined ? { branch: commit.branch } : {}),
    detached: commit.detached,
    redacted: true,
  };
}
