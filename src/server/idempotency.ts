import type { FastifyRequest } from 'fastify';
import { EvidentError } from '../core/errors.ts';
import { requestHash } from '../service/requestHash.ts';

/** Keys are 1–255 visible ASCII characters (draft-ietf-httpapi-idempotency-key-header). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key of a write and the hash of the request it came with, if the header is set. */
export function idempotencyOf(request: FastifyRequest): { key: string; requestHash: Uint8Array } | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!KEY.test(key))
    throw new EvidentError('bad_request', 'Idempotency-Key must be 1–255 visible ASCII characters');
  const path = request.url.split('?')[0] ?? request.url;
  return { key, requestHash: requestHash(request.method, path, request.body) };
}
