import type { FastifyInstance } from 'fastify';
import { parseAuditSubject } from '../../core/audit/auditSubject.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { orgParams } from './params.ts';

const text = (description: string) =>
  ({ type: 'string', minLength: 1, maxLength: 200, description }) as const;

const subjectQuery = {
  type: 'object',
  properties: {
    artifact: text('an artifact: its SHA-256'),
    flow: text('a trail: its flow'),
    trail: text('a trail: its name'),
    environment: text('an environment over [from, until]'),
    from: text('ISO 8601 instant with Z or an offset'),
    until: text('ISO 8601 instant with Z or an offset'),
  },
  additionalProperties: false,
} as const;

type SubjectQuery = Partial<Record<keyof (typeof subjectQuery)['properties'], string>>;

/**
 * `GET …/audit-package`: a reproducible `.tar.gz` of everything relevant to an artifact, a trail
 * or an environment over a time range, verifiable offline (issue #8, docs/audit-package.md). Any
 * role of the org may read it, as it may read each fact in it.
 */
export function auditPackageRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
): void {
  app.get<{ Params: { org: string }; Querystring: SubjectQuery }>(
    '/api/v1/orgs/:org/audit-package',
    { schema: { params: orgParams, querystring: subjectQuery } },
    async (request, reply) => {
      const { org } = request.params;
      await auth.require(request, org);
      const subject = parseAuditSubject(request.query);
      const built = await services.auditPackages.build(org, subject);
      return reply
        .type('application/gzip')
        .header('content-disposition', `attachment; filename="${built.filename}"`)
        .header('cache-control', 'no-store')
        .header('evident-checkpoint-size', String(built.checkpointSize))
        .send(built.bytes);
    },
  );
}
