import Fastify, { type FastifyInstance } from 'fastify';
import { EvidentError } from '../core/errors.ts';
import type { EvidentServices } from '../service/evidentServices.ts';
import { Authenticator } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { problemHandler } from './problem.ts';
import { flowRoutes } from './routes/flowRoutes.ts';
import { ledgerRoutes } from './routes/ledgerRoutes.ts';

export interface AppOptions {
  readonly services: EvidentServices;
  readonly version: string;
  readonly now: () => number;
  /** Largest accepted request body in bytes (answered with 413 above it). */
  readonly bodyLimit?: number;
  readonly logger?: boolean;
}

/** The HTTP API of DESIGN §5 on fastify. */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler((request, reply) =>
    problemHandler(new EvidentError('not_found', `no route ${request.method} ${request.url}`), request, reply),
  );
  const auth = new Authenticator(options.services.access, options.now);
  const document = openApiDocument(options.version);
  app.get('/api/v1/health', () => ({ status: 'ok', version: options.version }));
  app.get('/api/v1/openapi.json', () => document);
  ledgerRoutes(app, options.services, auth);
  flowRoutes(app, options.services, auth);
  return app;
}
