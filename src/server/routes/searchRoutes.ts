import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { orgParams } from './params.ts';

/** Search by any SHA prefix, commit or name (issue #3, extended by issue #7). */
export function searchRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.get<{ Params: { org: string }; Querystring: { q: string } }>(
    '/api/v1/orgs/:org/search',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: {
              type: 'string',
              minLength: 2,
              maxLength: 100,
              description:
                '2 to 100 characters: a SHA-256 or commit prefix (5 to 64 hex digits) or part of a name',
            },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      return services.search.search(org, request.query.q);
    },
  );
}
