import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { orgParams } from './params.ts';

const fingerprintParams = {
  type: 'object',
  required: ['org', 'fingerprint'],
  properties: {
    org: orgParams.properties.org,
    fingerprint: {
      type: 'string',
      pattern: '^(sha256:)?[0-9a-fA-F]{64}$',
      description: 'a SHA-256 (64 hex digits)',
    },
  },
} as const;

/** Where and when an artifact ran, also one that no trail reported (issue #7). */
export function artifactRunRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
): void {
  app.get<{ Params: { org: string; fingerprint: string } }>(
    '/api/v1/orgs/:org/artifacts/:fingerprint/runs',
    { schema: { params: fingerprintParams } },
    async (request) => {
      const { org, fingerprint } = request.params;
      await auth.require(request, org);
      return services.runs.runs(org, fingerprint);
    },
  );
}
