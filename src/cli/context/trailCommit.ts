import { isEvidentError } from '../../core/errors.ts';
import { isCommitSha, type GitCommit } from '../../core/model/trail.ts';
import type { CiContext } from './ciContext.ts';
import { readGitCommit, type GitSignature } from './gitMetadata.ts';
import { spawnGit, type GitRunner } from './gitRunner.ts';
import { redactCommit } from './redact.ts';

export interface TrailCommitRequest {
  /** `--commit`; else the CI system's commit; else the local repository's HEAD. */
  readonly sha?: string;
  /** `--repo-root`: where to read git metadata. When given, failing to read it is an error. */
  readonly repoRoot?: string;
  readonly redact: boolean;
  readonly ci: CiContext | undefined;
}

// The server's limits on these fields (deliveryRoutes `commit`); longer values are cut, not refused,
// so that an unusual commit never stops a pipeline.
const PERSON_LIMIT = 300;
const MESSAGE_LIMIT = 65_536;

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function person(signature: GitSignature | { name: string }): string {
  return cut('email' in signature ? `${signature.name} <${signature.email}>` : signature.name, PERSON_LIMIT);
}

/**
 * The git facts a trail records (DESIGN §4 "Trail", §5 "git metadata"): the commit from the CI system
 * or `--commit`, enriched from the local repository — author, committer, message, author time,
 * parents, branch. With `--redact-commit-info` e-mail addresses and the message stay on the machine
 * ({@link redactCommit}). Outside a repository, or when the clone lacks the commit (a CI job that
 * fetched nothing), the sha alone is recorded and `warn` says why; an explicit `repoRoot` makes that
 * an error instead. Returns undefined when no commit is known at all.
 */
export function trailCommit(
  request: TrailCommitRequest,
  warn: (line: string) => void,
  run: GitRunner = spawnGit,
): GitCommit | undefined {
  const ciCommit = request.ci?.commit?.toLowerCase();
  const sha = request.sha ?? ciCommit;
  // The CI system's branch belongs to its commit, not to another one given with --commit.
  const branch = sha === ciCommit ? request.ci?.branch : undefined;
  let metadata;
  try {
    metadata = readGitCommit(request.repoRoot ?? process.cwd(), sha, run);
  } catch (error) {
    if (request.repoRoot !== undefined || !isEvidentError(error)) throw error;
    if (sha === undefined) {
      warn(`evident: recording no commit: ${error.message}, and no CI system names one (pass --commit)`);
      return undefined;
    }
    // Some CI systems report a non-git revision (a TFVC changeset, a Perforce change): no commit then.
    if (request.sha === undefined && !isCommitSha(sha)) {
      warn(
        `evident: ${request.ci?.system ?? 'the CI system'} reports revision ${sha}, not a git commit id; recording no commit`,
      );
      return undefined;
    }
    warn(`evident: recording commit ${sha} without git metadata: ${error.message}`);
    return { sha, ...(branch !== undefined && { branch }) };
  }
  const facts = request.redact ? redactCommit(metadata) : metadata;
  const resolvedBranch = branch ?? facts.branch;
  return {
    sha: facts.sha,
    author: person(facts.author),
    committer: person(facts.committer),
    ...('message' in facts && { message: cut(facts.message, MESSAGE_LIMIT) }),
    timestamp: facts.author.timestamp,
    parents: facts.parents,
    ...(resolvedBranch !== undefined && { branch: resolvedBranch }),
  };
}
