import type { FastifyInstance } from 'fastify';
import { EvidentError } from '../../core/errors.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { orgNameParams, orgParams } from './params.ts';

const WRITERS = ['admin', 'writer'] as const;

/** Flows: the first domain objects recorded in the ledger. */
export function flowRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.put<{
    Params: { org: string; name: string };
    Body: { description?: string; template?: string | null };
  }>(
    '/api/v1/orgs/:org/flows/:name',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          properties: {
            description: { type: 'string', maxLength: 2000 },
            template: { type: ['string', 'null'], maxLength: 65536 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, WRITERS);
      const saved = await services.flows.save(
        org,
        { name, description: request.body.description, template: request.body.template },
        actorOf(token),
        idempotencyOf(request),
      );
      // 201 when this entry created the flow (also on an idempotent replay of that creation).
      return reply.code(saved.flow.createdIndex === saved.receipt.index ? 201 : 200).send(saved);
    },
  );

  app.get<{ Params: { org: string }; Querystring: { after?: string; limit?: string } }>(
    '/api/v1/orgs/:org/flows',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          properties: {
            after: { type: 'string', maxLength: 100 },
            limit: {
              type: 'string',
              pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$',
              description: 'a whole number from 1 to 500',
            },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      const { after } = request.query;
      const limit = Number(request.query.limit ?? 100);
      const flows = await services.flows.list(org, after, limit + 1);
      const page = flows.slice(0, limit);
      // How each flow's trails stand, for the whole page in one query (the web UI's Flows page).
      const trails = await services.delivery.flowTrails(
        org,
        page.map((f) => f.name),
      );
      return {
        flows: page.map((f) => ({ ...f, trails: trails.get(f.name) })),
        next: flows.length > limit ? (page.at(-1)?.name ?? null) : null,
      };
    },
  );

  app.get<{ Params: { org: string; name: string } }>(
    '/api/v1/orgs/:org/flows/:name',
    { schema: { params: orgNameParams } },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org);
      const flow = await services.flows.get(org, name);
      if (flow === undefined) throw new EvidentError('not_found', `flow ${name} not found`);
      return { flow };
    },
  );
}
