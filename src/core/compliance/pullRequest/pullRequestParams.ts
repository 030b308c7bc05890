import { EvidentError } from '../../errors.ts';

/** `params:` of a `pull_request` attestation in a flow template. */
export interface PullRequestParams {
  /** Distinct approvals needed from people other than the author (default 1). */
  readonly minApprovals: number;
  /** The pull request must be merged (default false). */
  readonly requireMerged: boolean;
  /** Approvals by people who authored or committed commits of the pull request do not count (default false). */
  readonly excludeCommitAuthors: boolean;
}

const KEYS = ['minApprovals', 'requireMerged', 'excludeCommitAuthors'];

function bad(message: string): never {
  throw new EvidentError('bad_request', `pull_request params: ${message}`);
}

/** Validates template parameters strictly: unknown keys and wrong types are refused. */
export function parsePullRequestParams(params: unknown): PullRequestParams {
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) bad('must be an object');
  const record = params as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.includes(key)) bad(`unknown key ${JSON.stringify(key)} (allowed: ${KEYS.join(', ')})`);
  }
  const { minApprovals = 1, requireMerged = false, excludeCommitAuthors = false } = record;
  if (
    typeof minApprovals !== 'number' ||
    !Number.isSafeInteger(minApprovals) ||
    minApprovals < 0 ||
    minApprovals > 100
  ) {
    bad('minApprovals must be a whole number from 0 to 100');
  }
  if (typeof requireMerged !== 'boolean') bad('requireMerged must be true or false');
  if (typeof excludeCommitAuthors !== 'boolean') bad('excludeCommitAuthors must be true or false');
  return { minApprovals, requireMerged, excludeCommitAuthors };
}
