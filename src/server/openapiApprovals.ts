import { APPROVAL_FILTERS, DECISIONS, MAX_COMMENT } from '../core/model/approval.ts';
import { bearer, errors, json, jsonBody, orgParam, pathParam, problem, receipt } from './openapiParts.ts';

const sha256 = { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' };
const text = { type: 'string' };
const strings = { type: 'array', items: text };
const instant = { type: 'string', format: 'date-time' };
const nullable = (type: string) => ({ type: [type, 'null'] });
const idempotent = { $ref: '#/components/parameters/IdempotencyKey' };
const refusals = {
  ...errors,
  '403': { ...problem, description: 'A rule refused it; `details.rule` says which (nothing was recorded)' },
  '409': problem,
  '413': problem,
};
const query = (name: string, description: string, schema: Record<string, unknown> = text) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const party = {
  type: 'object',
  properties: {
    kind: { enum: ['user', 'service_account', 'token', 'system'] },
    name: nullable('string'),
  },
};
const change = {
  type: 'object',
  description: 'The change as the server saw it when asked: at most 20 artifacts and commits',
  properties: {
    artifacts: {
      type: 'array',
      description: 'Reports of the fingerprint, with their trail compliance',
      items: {
        type: 'object',
        properties: {
          flow: text,
          trail: text,
          name: text,
          fingerprint: sha256,
          compliant: { type: 'boolean' },
          reasons: strings,
        },
      },
    },
    commits: {
      type: 'array',
      description: 'The commits of those trails; authors and committers as "Name <email>"',
      items: {
        type: 'object',
        properties: {
          flow: text,
          trail: text,
          sha: text,
          author: nullable('string'),
          committer: nullable('string'),
          message: nullable('string'),
        },
      },
    },
    since: {
      type: ['object', 'null'],
      description: 'What it replaces: the same artifact running there now, or else last approved there',
      properties: {
        basis: { enum: ['running', 'approved'] },
        name: text,
        fingerprint: sha256,
        commits: { ...strings, description: 'Commits it was built from, when known' },
      },
    },
    verdict: { type: 'object', properties: { compliant: { type: 'boolean' }, reasons: strings } },
    truncated: { type: 'boolean' },
  },
};
const approval = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: 'Index of the ledger entry that created it' },
    kind: { enum: ['request', 'exception'] },
    environment: text,
    fingerprint: sha256,
    status: {
      enum: ['pending', 'approved', 'rejected', 'unreviewed'],
      description: 'Requests: pending → approved | rejected. Exceptions: unreviewed → approved | rejected',
    },
    requestedBy: { ...party, description: 'Who asked, or who broke the glass' },
    comment: { ...nullable('string'), description: "The request's comment, or the exception's reason" },
    required: { type: 'integer', description: 'Distinct approvals the policies asked for' },
    expiresAt: { ...nullable('string'), description: 'A request takes decisions until then' },
    supersededBy: {
      ...nullable('integer'),
      description: 'A newer request for a newer build of the artifact',
    },
    stale: { type: 'boolean', description: 'Pending, but superseded or expired: it takes no more decisions' },
    change: { ...change, type: ['object', 'null'] },
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          decision: { enum: DECISIONS },
          by: text,
          comment: nullable('string'),
          at: instant,
        },
      },
    },
    createdAt: instant,
  },
};
const answer = { type: 'object', properties: { approval, receipt } };

/** Approval requests, decisions, break-glass exceptions and the approval gate (issue #6). */
export const approvalPaths = {
  '/api/v1/orgs/{org}/approvals': {
    get: {
      summary: 'Requests and exceptions, newest first (cursor pagination: pass `next` as `before`)',
      security: bearer,
      parameters: [
        orgParam,
        query('environment', 'Only this environment'),
        query('fingerprint', 'Only this fingerprint', sha256),
        query(
          'status',
          'pending (open for decisions), approved, rejected, decided, stale, exception, exception-unreviewed, exception-reviewed',
          { enum: APPROVAL_FILTERS },
        ),
        query('before', 'Cursor: the `next` of the previous page'),
        query('limit', '1 to 500 (default 100)'),
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: { approvals: { type: 'array', items: approval }, next: nullable('string') },
        }),
        ...errors,
      },
    },
    post: {
      summary:
        'Ask for approval of a fingerprint into a physical environment (admin, writer); while one is open, answers with it',
      security: bearer,
      parameters: [orgParam, idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['environment', 'fingerprint'],
        properties: {
          environment: text,
          fingerprint: sha256,
          comment: { type: 'string', maxLength: MAX_COMMENT },
        },
      }),
      responses: {
        '200': json({ type: 'object', properties: { approval, receipt: { type: 'null' } } }, 'already open'),
        '201': json(answer, 'requested'),
        ...refusals,
      },
    },
  },
  '/api/v1/orgs/{org}/approvals/{id}': {
    get: {
      summary: 'One request or exception, with its change and decisions',
      security: bearer,
      parameters: [orgParam, pathParam('id')],
      responses: { '200': json(approval), ...errors },
    },
  },
  '/api/v1/orgs/{org}/approvals/{id}/decisions': {
    post: {
      summary:
        'Approve or reject a request, or review an exception. A person (a user token, never a service account) with the approver role (reviews: or admin), not whoever asked, once, not an author or committer of the change when the policy says so; a rejection needs a comment',
      security: bearer,
      parameters: [orgParam, pathParam('id'), idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['decision'],
        properties: { decision: { enum: DECISIONS }, comment: { type: 'string', maxLength: MAX_COMMENT } },
      }),
      responses: { '201': json(answer, 'decided'), ...refusals },
    },
  },
  '/api/v1/orgs/{org}/break-glass': {
    post: {
      summary:
        'Break-glass: let a fingerprint into an environment without approval (a user with the admin or approver role, with a reason); flagged wherever it counts, listed for review',
      security: bearer,
      parameters: [orgParam, idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['environment', 'fingerprint', 'reason'],
        properties: {
          environment: text,
          fingerprint: sha256,
          reason: { type: 'string', maxLength: MAX_COMMENT },
        },
      }),
      responses: { '201': json(answer, 'recorded'), ...refusals },
    },
  },
  '/api/v1/orgs/{org}/environments/{name}/approval': {
    get: {
      summary:
        "The approval gate: is the fingerprint approved into the environment now, under its policies' approval rules (at least one approval where they have none)?",
      security: bearer,
      parameters: [
        orgParam,
        pathParam('name'),
        { ...query('fingerprint', 'SHA-256 of the artifact', sha256), required: true },
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            approved: { type: 'boolean' },
            reasons: strings,
            notes: { ...strings, description: 'Break-glass exceptions it stands on' },
            approvers: { ...strings, description: 'Distinct approvers whose approvals count now' },
          },
        }),
        ...errors,
      },
    },
  },
};
