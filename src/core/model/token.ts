import { EvidentError } from '../errors.ts';

/** Roles of DESIGN §5. */
export const ROLES = ['admin', 'writer', 'reporter', 'approver', 'reader', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_CREATED = 'token.created';
export const TOKEN_REVOKED = 'token.revoked';

/** Who a token acts for. A user's session token always has the user's current role. */
export type TokenOwner =
  | { readonly kind: 'user'; readonly name: string }
  | { readonly kind: 'service_account'; readonly name: string }
  | { readonly kind: 'system' };

/** An API token as the server knows it; the secret itself is never kept, only its hash. */
export interface ApiToken {
  readonly id: string;
  readonly org: string;
  readonly role: Role;
  readonly description: string;
  readonly owner: TokenOwner;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

export function checkRole(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (role === undefined)
    throw new EvidentError('bad_request', `unknown role "${value}"; roles are ${ROLES.join(', ')}`);
  return role;
}

/** Secrets are "evd_" + 43 base64url characters (256 random bits); anything else is refused early. */
export const TOKEN_PATTERN = /^evd_[A-Za-z0-9_-]{43}$/;

/** Token ids: "tok_" + 16 hex digits; public, they name a token in the ledger and in revocations. */
export const TOKEN_ID_PATTERN = /^tok_[0-9a-f]{16}$/;
