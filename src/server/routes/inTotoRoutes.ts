import type { FastifyInstance } from 'fastify';
import { INTOTO_BUNDLE_MEDIA_TYPE } from '../../core/intoto/inTotoTypes.ts';
import { MAX_KEY_PEM_CHARS, MAX_VERIFICATION_KEYS } from '../../core/intoto/verificationKey.ts';
import { statementLines } from '../../core/intoto/exportStatements.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { inTotoExport } from '../../service/intoto/inTotoExport.ts';
import { importInToto } from '../../service/intoto/inTotoImport.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { orgFingerprintParams, sha256Param as sha256 } from './params.ts';

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** in-toto export and import (issue #8 §4; README "Standard formats: in-toto"). */
export function inTotoRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.get<{ Params: { org: string; fingerprint: string } }>(
    '/api/v1/orgs/:org/artifacts/:fingerprint/intoto',
    {
      schema: {
        params: orgFingerprintParams,
      },
    },
    async (request, reply) => {
      const { org, fingerprint } = request.params;
      await auth.require(request, org);
      const statements = await inTotoExport(services, org, fingerprint);
      return reply.type(INTOTO_BUNDLE_MEDIA_TYPE).send(statementLines(statements));
    },
  );

  app.post<{
    Params: { org: string; flow: string; trail: string };
    Body: { name?: string; evidence: { sha256: string; name: string }; keys?: string[] };
  }>(
    '/api/v1/orgs/:org/flows/:flow/trails/:trail/intoto',
    {
      schema: {
        params: {
          type: 'object',
          required: ['org', 'flow', 'trail'],
          properties: { org: name, flow: name, trail: name },
        },
        body: {
          type: 'object',
          required: ['evidence'],
          properties: {
            name,
            evidence: {
              type: 'object',
              required: ['sha256', 'name'],
              properties: { sha256, name: { type: 'string', minLength: 1, maxLength: 500 } },
              additionalProperties: false,
            },
            keys: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_VERIFICATION_KEYS,
              items: { type: 'string', minLength: 1, maxLength: MAX_KEY_PEM_CHARS },
            },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, flow, trail } = request.params;
      const token = await auth.require(request, org, ['admin', 'writer']);
      const attestations = await importInToto(
        services,
        org,
        { flow, trail, ...request.body },
        actorOf(token),
        idempotencyOf(request),
      );
      return reply.code(201).send({ attestations });
    },
  );
}
