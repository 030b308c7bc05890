import { createHash } from 'node:crypto';
import { canonicalBytes } from '../core/ledger/canonicalJson.ts';

/**
 * What makes two writes "the same request" for Idempotency-Key (DESIGN §5): method, path and the
 * canonical JSON of the body, so key order and whitespace do not matter.
 */
export function requestHash(method: string, path: string, body: unknown): Uint8Array {
  return createHash('sha256')
    .update(`${method} ${path}\n`)
    .update(canonicalBytes(body ?? null))
    .digest();
}
