import { EvidentError } from '../errors.ts';
import type { Role } from './token.ts';

export const USER_CREATED = 'user.created';
export const USER_ROLE_CHANGED = 'user.role_changed';
export const USER_PASSWORD_CHANGED = 'user.password_changed';
export const SERVICE_ACCOUNT_CREATED = 'service_account.created';

/** A person who signs in with a password; approvals (DESIGN §4) are made by users only. */
export interface User {
  readonly username: string;
  readonly role: Role;
  readonly displayName: string;
  readonly createdAt: string;
}

/** A non-human principal (a CI system) that owns API tokens; it can never approve. */
export interface ServiceAccount {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
}

/** Usernames: like an e-mail local part or a login, lower-case to avoid look-alike twins. */
const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function checkUsername(value: string): string {
  if (!USERNAME.test(value)) {
    throw new EvidentError(
      'bad_request',
      `username "${value.slice(0, 80)}" is invalid: use 1–64 lower-case letters, digits, '.', '_', '@' or '-'`,
    );
  }
  return value;
}

/** NIST SP 800-63B §5.1.1.2: at least 12 characters here, at most 256 (bounded hashing cost). */
export function checkPassword(value: unknown): string {
  if (typeof value !== 'string' || value.length < 12 || value.length > 256) {
    throw new EvidentError('bad_request', 'a password must be 12 to 256 characters');
  }
  return value;
}
