import type { FastifyInstance } from 'fastify';
import type { Role } from '../../core/model/token.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { orgParams } from './params.ts';

/** Who may start a verification: DESIGN §5 "auditor (read, export, verify)", and admins. */
const VERIFIERS: readonly Role[] = ['admin', 'auditor'];

/**
 * The log's own state for the web UI's Ledger page (issue #7): size, latest checkpoint, verifier keys
 * and verification runs. Beside, not among, the five fixed ledger endpoints (ledgerRoutes.ts): these
 * answers are the server's own account, not something a client can check with the verifier key.
 */
export function logStatusRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  const { verifications } = services;

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/log/status',
    { schema: { params: orgParams } },
    async (request, reply) => {
      await auth.require(request, request.params.org);
      void reply.header('cache-control', 'no-store');
      return verifications.status(request.params.org);
    },
  );

  app.get<{ Params: { org: string }; Querystring: { limit?: string } }>(
    '/api/v1/orgs/:org/log/verifications',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'string', pattern: '^([1-9][0-9]?|100)$', description: '1 to 100' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      return { verifications: await verifications.list(org, Number(request.query.limit ?? '20')) };
    },
  );

  app.post<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/log/verifications',
    { schema: { params: orgParams } },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, VERIFIERS);
      return reply.code(201).send(await verifications.run(org, actorOf(token)));
    },
  );
}
