import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { orgNameParams, orgParams } from './params.ts';

const ADMIN = ['admin'] as const;
/** The configuration and the delivery log are for those who run and audit the org. */
const AUDIT = ['admin', 'auditor'] as const;
const names = (maxItems: number, maxLength: number) =>
  ({ type: 'array', maxItems, items: { type: 'string', maxLength } }) as const;
type NameParams = { org: string; name: string };

/** Webhook notifications: configuration and delivery log (issue #5 §5). */
export function webhookRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  const webhooks = services.webhooks;

  app.put<{
    Params: NameParams;
    Body: { kind?: string; url?: string; secret?: string; events?: string[]; environments?: string[] };
  }>(
    '/api/v1/orgs/:org/webhooks/:name',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          properties: {
            kind: { type: 'string', maxLength: 20 },
            url: {
              type: 'string',
              maxLength: 2048,
              description: 'an http(s) URL of at most 2048 characters',
            },
            secret: { type: 'string', maxLength: 256, description: '32 to 256 visible ASCII characters' },
            events: names(10, 50),
            environments: names(100, 100),
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ADMIN);
      const { created, ...saved } = await webhooks.save(
        org,
        name,
        request.body,
        actorOf(token),
        idempotencyOf(request),
      );
      return reply.code(created ? 201 : 200).send(saved);
    },
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/webhooks',
    { schema: { params: orgParams } },
    async (request) => {
      await auth.require(request, request.params.org, AUDIT);
      return { webhooks: await webhooks.list(request.params.org) };
    },
  );

  app.delete<{ Params: NameParams }>(
    '/api/v1/orgs/:org/webhooks/:name',
    { schema: { params: orgNameParams } },
    async (request) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ADMIN);
      return { receipt: await webhooks.remove(org, name, actorOf(token)) };
    },
  );

  app.get<{ Params: NameParams; Querystring: { before?: string; limit?: string } }>(
    '/api/v1/orgs/:org/webhooks/:name/deliveries',
    {
      schema: {
        params: orgNameParams,
        querystring: {
          type: 'object',
          properties: {
            before: {
              type: 'string',
              pattern: '^(0|[1-9][0-9]{0,15})\\.dlv_[0-9a-f]{32}$',
              description: 'the `next` of the previous page',
            },
            limit: { type: 'string', pattern: '^([1-9][0-9]?|100)$', description: '1 to 100' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org, AUDIT);
      const { before, limit } = request.query;
      const [index, id] = before?.split('.') ?? [];
      const page = await webhooks.deliveries(
        org,
        name,
        index !== undefined && id !== undefined ? { index: Number(index), id } : undefined,
        Number(limit ?? '50'),
      );
      return {
        deliveries: page.deliveries,
        next: page.next === null ? null : `${page.next.index}.${page.next.id}`,
      };
    },
  );
}
