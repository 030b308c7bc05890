/**
 * The one error type of Evident (DESIGN §8). `code` is a stable literal that the server maps to an
 * HTTP status and the CLI to an exit code; tests assert codes, never message text.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_canonical_json'
  | 'invalid_proof'
  | 'invalid_note'
  | 'invalid_signature'
  | 'invalid_checkpoint'
  | 'invalid_key'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_conflict'
  | 'entry_too_large'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_evidence'
  | 'rate_limited'
  | 'append_only'
  | 'tampered'
  | 'unavailable'
  | 'internal';

export class EvidentError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'EvidentError';
    this.code = code;
    this.details = details;
  }
}

export function isEvidentError(value: unknown, code?: ErrorCode): value is EvidentError {
  return value instanceof EvidentError && (code === undefined || value.code === code);
}

/**
 * The message of anything thrown, for reports and logs: an Error's message, a string as it is,
 * anything else as JSON (or String() when it has none, e.g. undefined, a BigInt or a cycle). Needs
 * nothing of Node, so the browser can type-check the core model that imports this file.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    const json = JSON.stringify(error) as string | undefined;
    if (json !== undefined) return json;
  } catch {
    // a cycle or a BigInt: fall back to String()
  }
  return String(error);
}
