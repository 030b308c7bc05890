import type { FastifyInstance, InjectOptions } from 'fastify';

/** A JSON request to an app through fastify's injector, as a client with `token` would send it. */
export function injectJson(
  app: FastifyInstance,
  method: NonNullable<InjectOptions['method']>,
  url: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: {
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}
