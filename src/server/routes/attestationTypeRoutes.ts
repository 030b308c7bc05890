import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';

const name = { type: 'string', minLength: 1, maxLength: 63, description: '1–63 characters' } as const;
const params = { type: 'object', required: ['org', 'name'], properties: { org: name, name } } as const;

/** User-defined attestation types: `custom:<name>` (issue #3 §3). */
export function attestationTypeRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
): void {
  app.put<{ Params: { org: string; name: string }; Body: { definition: string } }>(
    '/api/v1/orgs/:org/attestation-types/:name',
    {
      schema: {
        params,
        body: {
          type: 'object',
          required: ['definition'],
          properties: { definition: { type: 'string', maxLength: 262144 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name: type } = request.params;
      const token = await auth.require(request, org, ['admin']);
      const defined = await services.types.define(org, type, request.body.definition, actorOf(token));
      return reply.code(201).send({ name: type, ...defined });
    },
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/attestation-types',
    { schema: { params: { type: 'object', required: ['org'], properties: { org: name } } } },
    async (request) => {
      await auth.require(request, request.params.org);
      return { types: await services.types.all(request.params.org) };
    },
  );
}
