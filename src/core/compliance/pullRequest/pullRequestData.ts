import type { SchemaObject } from 'ajv';
import { dataShape } from '../custom/jsonSchema.ts';

/** A review as the provider reports it, in chronological order. Values are lowercase, provider-neutral. */
export type ReviewState = 'approved' | 'changes_requested' | 'commented' | 'dismissed' | 'pending';

/**
 * The `data` of a `pull_request` attestation (version 1): provider-neutral fields a client (the CLI)
 * reads from GitHub, GitLab, Bitbucket or Azure DevOps. Approvals come from `approvers` (logins that
 * approved), from `reviews` (each person's latest approving or blocking review counts), or both
 * (their union). Unknown fields are refused, so typos do not pass silently.
 */
export interface PullRequestData {
  /** `github`, `gitlab`, `bitbucket`, `azure`, or another provider's name. */
  readonly provider: string;
  readonly url: string;
  readonly number?: number;
  readonly title?: string;
  readonly state: 'open' | 'merged' | 'closed';
  /** Login of the person who opened the pull request. */
  readonly author: string;
  readonly approvers?: readonly string[];
  readonly reviews?: readonly { readonly author: string; readonly state: ReviewState }[];
  readonly commits?: readonly {
    readonly sha: string;
    readonly author?: string;
    readonly committer?: string;
    readonly message?: string;
  }[];
  readonly mergedBy?: string;
  readonly sourceBranch?: string;
  readonly targetBranch?: string;
}

// Any text with a visible character: Azure DevOps reports display names and e-mail addresses.
const login = { type: 'string', minLength: 1, maxLength: 256, pattern: '\\S' };

const schema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'url', 'state', 'author'],
  anyOf: [{ required: ['approvers'] }, { required: ['reviews'] }],
  properties: {
    provider: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
    url: { type: 'string', maxLength: 2048, pattern: '^https?://' },
    number: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
    title: { type: 'string', maxLength: 4096 },
    state: { enum: ['open', 'merged', 'closed'] },
    author: login,
    approvers: { type: 'array', maxItems: 1000, items: login },
    reviews: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['author', 'state'],
        properties: {
          author: login,
          state: { enum: ['approved', 'changes_requested', 'commented', 'dismissed', 'pending'] },
        },
      },
    },
    commits: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sha'],
        properties: {
          sha: { type: 'string', pattern: '^[0-9a-fA-F]{7,64}$' },
          author: login,
          committer: login,
          message: { type: 'string', maxLength: 65_536 },
        },
      },
    },
    mergedBy: login,
    sourceBranch: { type: 'string', minLength: 1, maxLength: 1024 },
    targetBranch: { type: 'string', minLength: 1, maxLength: 1024 },
  },
};

const checkShape = dataShape('pull_request', schema);

/** Checks the shape; throws EvidentError('invalid_evidence') listing what is wrong. */
export function parsePullRequestData(data: unknown): PullRequestData {
  return checkShape(data) as PullRequestData;
}
