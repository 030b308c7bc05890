import { existsSync } from 'node:fs';
import { EvidentError } from '../../core/errors.ts';
import { spawnGit, type GitRunner } from './gitRunner.ts';

/** A person and time as git records them on a commit. */
export interface GitSignature {
  name: string;
  email: string;
  /** Strict ISO 8601 with the offset git recorded (`%aI` / `%cI`), e.g. `2024-05-01T12:00:00+02:00`. */
  timestamp: string;
}

/** What the local repository says about one commit (DESIGN §5: author, message, timestamp, parents). */
export interface GitCommitMetadata {
  /** The full object name. */
  sha: string;
  author: GitSignature;
  committer: GitSignature;
  /** The full message, without trailing newlines. */
  message: string;
  /**
   * Parent object names as far as this clone knows them. In a shallow clone the commits at the shallow
   * boundary are recorded without parents, so this can be shorter than the truth (see `shallow`).
   */
  parents: string[];
  /** True when the repository is a shallow clone (`git rev-parse --is-shallow-repository`). */
  shallow: boolean;
  /**
   * True when this commit sits on the shallow boundary (listed in the repository's `shallow` file):
   * its real parents are not in the clone, so `parents` is empty although the commit may have some.
   */
  parentsTruncated: boolean;
  /**
   * The branch checked out, when the commit read is the one `HEAD` points to and `HEAD` is on a branch.
   * CI checkouts are often detached; then there is no branch here (take it from the CI context).
   */
  branch?: string;
  /** True when `HEAD` is detached (not on a branch). */
  detached: boolean;
}

// Fields of `git log --format`, separated by NUL (which git forbids in names, emails and messages).
// %D lists the commit's decorations; with `--decorate=full` refs appear as `refs/...`, so a bare
// `grafted` token can only be git's mark for a commit on a shallow clone's boundary. The message (%B)
// comes last so that it may contain anything else.
const FORMAT = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%D', '%B'].join('%x00');
const FIELDS = 10;

/**
 * Reads `sha` (default `HEAD`) from the git repository at (or above) `repoDir` by running git through
 * `run` (default: `git` from PATH). Throws `EvidentError('bad_request')` when `repoDir` does not exist
 * or is not in a git repository, when the revision does not name a commit, or when the repository has
 * no commits yet; `EvidentError('internal')` (exit 1) when git itself cannot be started — not
 * `unavailable`, whose exit code 4 means "server unreachable, record spooled".
 */
export function readGitCommit(repoDir: string, sha?: string, run: GitRunner = spawnGit): GitCommitMetadata {
  const revision = sha ?? 'HEAD';
  if (revision === '' || revision.startsWith('-') || /[\s\0]/.test(revision))
    throw new EvidentError('bad_request', `not a commit revision: ${JSON.stringify(revision)}`);
  if (!existsSync(repoDir)) throw new EvidentError('bad_request', `no such directory: ${repoDir}`);

  const git = (args: readonly string[]) => {
    const result = run(args, repoDir);
    if (result.error !== undefined)
      throw new EvidentError('internal', `cannot run git: ${result.error.message}`);
    return result;
  };

  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0)
    throw new EvidentError('bad_request', `${repoDir} is not inside a git repository`, {
      stderr: inside.stderr.trim(),
    });

  const resolved = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  if (resolved.status !== 0) {
    const message =
      sha === undefined
        ? `the repository at ${repoDir} has no commits yet`
        : `${revision} does not name a commit in ${repoDir}`;
    throw new EvidentError('bad_request', message);
  }
  const commit = resolved.stdout.trim();

  const log = git([
    'log',
    '-1',
    '--no-show-signature',
    '--decorate=full',
    `--format=${FORMAT}`,
    commit,
    '--',
  ]);
  const fields = log.stdout.split('\0');
  if (log.status !== 0 || fields.length < FIELDS)
    throw new EvidentError('internal', `cannot read commit ${commit}`, { stderr: log.stderr.trim() });
  const [
    hash,
    parents,
    authorName,
    authorEmail,
    authorTime,
    committerName,
    committerEmail,
    committerTime,
    refs,
  ] = fields as [string, string, string, string, string, string, string, string, string];
  const message = fields
    .slice(FIELDS - 1)
    .join('\0')
    .replace(/\n+$/, '');

  const shallow = git(['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true';
  const head = git(['rev-parse', '--verify', '--quiet', 'HEAD']).stdout.trim();
  const symbolic = git(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const detached = symbolic.status !== 0;
  const branch = !detached && head === hash ? symbolic.stdout.trim() : '';

  return {
    sha: hash,
    author: { name: authorName, email: authorEmail, timestamp: authorTime },
    committer: { name: committerName, email: committerEmail, timestamp: committerTime },
    message,
    parents: parents === '' ? [] : parents.split(' '),
    shallow,
    parentsTruncated: shallow && refs.split(', ').includes('grafted'),
    ...(branch !== '' ? { branch } : {}),
    detached,
  };
}
