import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { EvidentError } from '../core/errors.ts';
import type { EvidentServices } from '../service/evidentServices.ts';
import { Authenticator } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { problemHandler } from './problem.ts';
import { schemaError } from './schemaErrors.ts';
import { approvalRoutes } from './routes/approvalRoutes.ts';
import { artifactRunRoutes } from './routes/artifactRunRoutes.ts';
import { attestationTypeRoutes } from './routes/attestationTypeRoutes.ts';
import { auditPackageRoutes } from './routes/auditPackageRoutes.ts';
import { changeRoutes } from './routes/changeRoutes.ts';
import { environmentRoutes } from './routes/environmentRoutes.ts';
import { deliveryRoutes } from './routes/deliveryRoutes.ts';
import { evidenceRoutes } from './routes/evidenceRoutes.ts';
import { flowRoutes } from './routes/flowRoutes.ts';
import { identityRoutes } from './routes/identityRoutes.ts';
import { inTotoRoutes } from './routes/inTotoRoutes.ts';
import { ledgerRoutes } from './routes/ledgerRoutes.ts';
import { logStatusRoutes } from './routes/logStatusRoutes.ts';
import { searchRoutes } from './routes/searchRoutes.ts';
import { sessionRoutes } from './routes/sessionRoutes.ts';
import { webhookRoutes } from './routes/webhookRoutes.ts';
import { webAssets } from './webAssets.ts';

export interface AppOptions {
  readonly services: EvidentServices;
  readonly version: string;
  readonly now: () => number;
  /** Largest accepted request body in bytes (answered with 413 above it). */
  readonly bodyLimit?: number;
  /** Request log: on, off, or pino options (tests read it through a `stream`). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Take client addresses from X-Forwarded-For (behind a reverse proxy). */
  readonly trustProxy?: boolean;
  /** The built web UI (index.html, assets/); without one, `/` answers 503 "not built". */
  readonly webRoot?: string;
}

const served = new WeakMap<FastifyInstance, string[]>();

/** "METHOD /path" of every route an app serves (HEAD twins left out), to hold the OpenAPI document true. */
export function servedRoutes(app: FastifyInstance): readonly string[] {
  return served.get(app) ?? [];
}

/** The HTTP API of DESIGN §5 on fastify. */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // No type coercion: a JSON body with 42 where a string belongs is an error, not "42".
    // Query strings are validated as digit strings and converted by the routes (routes/params.ts).
    // `verbose` lets error messages quote the schema's description of a parameter.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false, verbose: true } },
    schemaErrorFormatter: schemaError,
    trustProxy: options.trustProxy ?? false,
    // Longer than any valid name, so over-long names get our 400 rather than the router's 414.
    routerOptions: { maxParamLength: 500 },
    // Errors the router raises before any route runs (bad URL encoding, too long) are problems too.
    frameworkErrors: (error, request, reply) => {
      void problemHandler(new EvidentError('bad_request', error.message), request, reply);
    },
  });
  const routes: string[] = [];
  served.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  app.setErrorHandler(problemHandler);
  // Browsers take every answer for the type it says it is (API and web UI alike).
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    done();
  });
  // The API speaks JSON only: anything else is a 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  // The web UI answers what no API route serves (outside /api/), so it adds no routes of its own.
  const webUi = webAssets(options.webRoot, app.log);
  app.setNotFoundHandler(
    (request, reply) =>
      webUi(request, reply) ??
      problemHandler(
        new EvidentError('not_found', `no route ${request.method} ${request.url}`),
        request,
        reply,
      ),
  );
  const auth = new Authenticator(options.services.access, options.now);
  const document = openApiDocument(options.version);
  app.get('/api/v1/health', () => ({ status: 'ok', version: options.version }));
  app.get('/api/v1/openapi.json', () => document);
  ledgerRoutes(app, options.services, auth);
  logStatusRoutes(app, options.services, auth);
  flowRoutes(app, options.services, auth);
  identityRoutes(app, options.services, auth);
  deliveryRoutes(app, options.services, auth);
  artifactRunRoutes(app, options.services, auth);
  searchRoutes(app, options.services, auth);
  evidenceRoutes(app, options.services, auth);
  attestationTypeRoutes(app, options.services, auth);
  environmentRoutes(app, options.services, auth, options.now);
  changeRoutes(app, options.services, auth);
  webhookRoutes(app, options.services, auth);
  approvalRoutes(app, options.services, auth);
  auditPackageRoutes(app, options.services, auth);
  inTotoRoutes(app, options.services, auth);
  sessionRoutes(app, options.services, auth, options.now);
  return app;
}
