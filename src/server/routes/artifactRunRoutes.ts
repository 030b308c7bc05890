import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { orgFingerprintParams } from './params.ts';

/** Where and when an artifact ran, also one that no trail reported (issue #7). */
export function artifactRunRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
): void {
  app.get<{ Params: { org: string; fingerprint: string } }>(
    '/api/v1/orgs/:org/artifacts/:fingerprint/runs',
    { schema: { params: orgFingerprintParams } },
    async (request) => {
      const { org, fingerprint } = request.params;
      await auth.require(request, org);
      return services.runs.runs(org, fingerprint);
    },
  );
}
