import type { FastifyInstance } from 'fastify';
import {
  APPROVAL_FILTERS,
  DECISIONS,
  MAX_COMMENT,
  type ApprovalFilter,
  type Decision,
} from '../../core/model/approval.ts';
import { normaliseSha256 } from '../../core/model/trail.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { digits, orgNameParams, orgParams, fingerprintQuery } from './params.ts';

/** Pipelines and admins ask for approval. */
const REQUESTERS = ['admin', 'writer'] as const;
/** Who may decide or break the glass at all; approvalRules.ts then holds each one to its rules. */
const DECIDERS = ['approver', 'admin'] as const;
const sha256 = { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' } as const;
const environment = { type: 'string', minLength: 1, maxLength: 100 } as const;
const comment = { type: 'string', maxLength: MAX_COMMENT } as const;
const idParams = {
  type: 'object',
  required: ['org', 'id'],
  properties: { org: orgParams.properties.org, id: digits },
} as const;
type IdParams = { org: string; id: string };

/** Approval requests, decisions, break-glass exceptions and the approval gate (issue #6). */
export function approvalRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  const approvals = services.approvals;

  app.post<{ Params: { org: string }; Body: { environment: string; fingerprint: string; comment?: string } }>(
    '/api/v1/orgs/:org/approvals',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['environment', 'fingerprint'],
          properties: { environment, fingerprint: sha256, comment },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, REQUESTERS);
      const asked = await approvals.request(org, request.body, actorOf(token), idempotencyOf(request));
      return reply.code(asked.receipt === null ? 200 : 201).send(asked);
    },
  );

  app.get<{
    Params: { org: string };
    Querystring: {
      environment?: string;
      fingerprint?: string;
      status?: ApprovalFilter;
      before?: string;
      limit?: string;
    };
  }>(
    '/api/v1/orgs/:org/approvals',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          properties: {
            environment,
            fingerprint: sha256,
            status: { type: 'string', enum: APPROVAL_FILTERS },
            before: digits,
            limit: {
              type: 'string',
              pattern: '^([1-9][0-9]{0,1}|[1-4][0-9]{2}|500)$',
              description: '1 to 500',
            },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      const { environment: env, fingerprint, status, before, limit } = request.query;
      const size = Number(limit ?? '100');
      const page = await approvals.list(org, {
        ...(env !== undefined && { environment: env }),
        ...(fingerprint !== undefined && { fingerprint: normaliseSha256(fingerprint) ?? fingerprint }),
        ...(status !== undefined && { status }),
        ...(before !== undefined && { before: Number(before) }),
        limit: size,
      });
      const last = page.at(-1);
      return { approvals: page, next: page.length === size && last !== undefined ? String(last.id) : null };
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/v1/orgs/:org/approvals/:id',
    { schema: { params: idParams } },
    async (request) => {
      await auth.require(request, request.params.org);
      return approvals.get(request.params.org, Number(request.params.id));
    },
  );

  app.post<{ Params: IdParams; Body: { decision: Decision; comment?: string } }>(
    '/api/v1/orgs/:org/approvals/:id/decisions',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['decision'],
          properties: { decision: { type: 'string', enum: DECISIONS }, comment },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, id } = request.params;
      const token = await auth.require(request, org, DECIDERS);
      const decided = await approvals.decide(
        org,
        Number(id),
        request.body,
        actorOf(token),
        idempotencyOf(request),
      );
      return reply.code(201).send(decided);
    },
  );

  app.post<{ Params: { org: string }; Body: { environment: string; fingerprint: string; reason: string } }>(
    '/api/v1/orgs/:org/break-glass',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['environment', 'fingerprint', 'reason'],
          properties: { environment, fingerprint: sha256, reason: comment },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, DECIDERS);
      const broken = await approvals.breakGlass(org, request.body, actorOf(token), idempotencyOf(request));
      return reply.code(201).send(broken);
    },
  );

  app.get<{ Params: { org: string; name: string }; Querystring: { fingerprint: string } }>(
    '/api/v1/orgs/:org/environments/:name/approval',
    {
      schema: {
        params: orgNameParams,
        querystring: fingerprintQuery,
      },
    },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org);
      return approvals.check(org, name, request.query.fingerprint);
    },
  );
}
