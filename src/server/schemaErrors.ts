import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { EvidentError } from '../core/errors.ts';

/**
 * Validation errors in words a user can act on, instead of JSON-schema internals: which parameter,
 * and what it must be (the schema's `description` says it, where a pattern alone would not).
 */
export function schemaError(errors: readonly FastifySchemaValidationError[], part: string): Error {
  const error = errors[0];
  if (error === undefined) return new EvidentError('bad_request', `invalid ${part}`);
  const where = part === 'body' ? 'body' : part === 'querystring' ? 'query parameter' : 'path parameter';
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const { params } = error;
  // Present because the validator runs with ajv's `verbose` option (see buildApp).
  const { parentSchema } = error as { parentSchema?: { description?: unknown } };
  const described = parentSchema?.description;
  switch (error.keyword) {
    case 'required':
      return new EvidentError('bad_request', `missing ${where} "${String(params.missingProperty)}"`);
    case 'additionalProperties':
      return new EvidentError('bad_request', `unknown ${where} "${String(params.additionalProperty)}"`);
    default: {
      const name = field === '' ? where : `${where} "${field}"`;
      const rule = typeof described === 'string' ? `must be ${described}` : (error.message ?? 'is invalid');
      return new EvidentError('bad_request', `${name} ${rule}`);
    }
  }
}
