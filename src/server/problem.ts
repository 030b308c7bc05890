import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { EvidentError, type ErrorCode } from '../core/errors.ts';

/** HTTP status of each error code; the code itself is the stable contract (DESIGN §8). */
const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_canonical_json: 400,
  invalid_proof: 400,
  invalid_note: 400,
  invalid_signature: 400,
  invalid_checkpoint: 400,
  invalid_key: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  append_only: 409,
  entry_too_large: 413,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_evidence: 422,
  rate_limited: 429,
  tampered: 500,
  internal: 500,
  unavailable: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** Fastify's own errors, mapped onto our codes. */
function fromFastify(error: FastifyError): EvidentError | undefined {
  if (error.validation !== undefined) return new EvidentError('bad_request', error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new EvidentError(
        'payload_too_large',
        `request body is larger than the server's limit: ${error.message}`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new EvidentError('unsupported_media_type', 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new EvidentError('bad_request', error.message);
    default:
      return error.statusCode === 400 || error instanceof SyntaxError
        ? new EvidentError('bad_request', error.message)
        : undefined;
  }
}

/** RFC 9457 problem details with a stable `code`. */
export function problemHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known =
    error instanceof EvidentError
      ? error
      : (fromFastify(error as FastifyError) ?? unexpected(error, request));
  const status = statusOf(known.code);
  // RFC 6750 §3: a 401 names the scheme; RFC 9110 §10.2.3: a 429 says when to come back.
  if (known.code === 'unauthorized') void reply.header('www-authenticate', 'Bearer realm="evident"');
  if (known.code === 'rate_limited') void reply.header('retry-after', '60');
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `urn:evident:problem:${known.code}`,
      title: known.code.replaceAll('_', ' '),
      status,
      detail: known.message,
      code: known.code,
      instance: request.url,
      ...(known.details !== undefined && { details: known.details }),
    });
}

function unexpected(error: unknown, request: FastifyRequest): EvidentError {
  request.log.error({ err: error }, 'unexpected error');
  return new EvidentError('internal', 'internal server error; the server log has the details');
}
