import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { digits, orgParams } from './params.ts';

/** The change log of every environment of an org, newest first: the home page's feed (issue #7). */
export function changeRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.get<{ Params: { org: string }; Querystring: { before?: string; limit?: string } }>(
    '/api/v1/orgs/:org/changes',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          properties: {
            before: { ...digits, description: 'a cursor from `next`' },
            limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: '1 to 1000' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      const { before, limit } = request.query;
      const size = Number(limit ?? '100');
      const changes = await services.environments.recentChanges(org, {
        ...(before !== undefined && { before: Number(before) }),
        limit: size,
      });
      const last = changes.at(-1);
      // Changes of one entry share its index: page on the next older entry, never splitting one.
      return { changes, next: changes.length >= size && last !== undefined ? String(last.index) : null };
    },
  );
}
