import type { ErrorCode } from '../core/errors.ts';

/** Exit codes of DESIGN §5 "CLI". */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  assertion: 3,
  unreachable: 4,
  verification: 5,
} as const;

export function exitCodeOf(code: ErrorCode): number {
  switch (code) {
    case 'tampered':
    case 'invalid_proof':
    case 'invalid_signature':
      return EXIT.verification;
    case 'unavailable':
      return EXIT.unreachable;
    case 'internal':
      return EXIT.unexpected;
    default:
      return EXIT.usage;
  }
}
