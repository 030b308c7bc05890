import type { FastifyInstance } from 'fastify';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';

const WRITERS = ['admin', 'writer'] as const;
const params = {
  type: 'object',
  required: ['org', 'sha256'],
  properties: {
    org: { type: 'string', minLength: 1, maxLength: 100 },
    sha256: {
      type: 'string',
      pattern: '^(sha256:)?[0-9a-fA-F]{64}$',
      description: 'a SHA-256 (64 hex digits)',
    },
  },
} as const;

/**
 * The evidence vault over HTTP (issue #3 §4): `PUT` streams the body to disk while hashing it (any
 * media type, up to the vault's limit), `GET` streams it back. Stored by SHA-256, never deleted.
 */
export function evidenceRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  void app.register((scope, _options, done) => {
    // Raw bodies for this scope only: the handler streams the request itself.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, next) => {
      next(null);
    });
    scope.put<{ Params: { org: string; sha256: string } }>(
      '/api/v1/orgs/:org/evidence/:sha256',
      { schema: { params } },
      async (request, reply) => {
        const { org, sha256 } = request.params;
        const token = await auth.require(request, org, WRITERS);
        const mediaType = (request.headers['content-type'] ?? 'application/octet-stream').slice(0, 200);
        const stored = await services.delivery.storeEvidence(
          org,
          sha256,
          request.raw,
          mediaType,
          actorOf(token),
        );
        return reply.code(stored.receipt === null ? 200 : 201).send(stored);
      },
    );
    done();
  });

  app.get<{ Params: { org: string; sha256: string } }>(
    '/api/v1/orgs/:org/evidence/:sha256',
    { schema: { params } },
    async (request, reply) => {
      const { org, sha256 } = request.params;
      await auth.require(request, org);
      const evidence = await services.delivery.evidence(org, sha256);
      return reply
        .type(evidence.mediaType)
        .header('content-length', String(evidence.size))
        .header('etag', `"sha256:${sha256.toLowerCase().replace(/^sha256:/, '')}"`)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', 'attachment')
        .send(evidence.body);
    },
  );
}
