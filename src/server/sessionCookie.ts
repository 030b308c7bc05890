import type { FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from './cookies.ts';

/** Holds the secret of a password sign-in's session token: signing out revokes that token. */
export const SESSION_COOKIE = 'evident_session';
/** Holds a pasted API token: signing out only forgets it (a CI token is not revoked by a browser). */
export const TOKEN_COOKIE = 'evident_token';

export type SignInMethod = 'password' | 'token';

/** The credential a browser sent in a cookie, and how it was signed in. */
export interface CookieCredential {
  readonly method: SignInMethod;
  readonly secret: string;
}

/** Host names that browsers treat as secure contexts even over plain HTTP (W3C Secure Contexts §3.2). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The credential cookie of a request, if any; a password session wins over a pasted token. */
export function cookieCredential(request: FastifyRequest): CookieCredential | undefined {
  const cookies = parseCookies(request.headers.cookie);
  const session = cookies.get(SESSION_COOKIE);
  if (session !== undefined && session !== '') return { method: 'password', secret: session };
  const token = cookies.get(TOKEN_COOKIE);
  if (token !== undefined && token !== '') return { method: 'token', secret: token };
  return undefined;
}

/**
 * Whether the browser's page is a secure context, so that it keeps a `Secure` cookie: the request
 * came over HTTPS (directly, or per X-Forwarded-Proto when the proxy is trusted), or the host is a
 * loopback name. On plain HTTP to any other host a Secure cookie would be dropped, and sign-in would
 * silently fail; there the cookie goes without it and the answer says `insecureTransport`.
 */
export function secureContext(request: FastifyRequest): boolean {
  return request.protocol === 'https' || LOOPBACK.has(request.hostname.toLowerCase());
}

/** Set-Cookie values that store `secret` under the method's cookie and remove the other one. */
export function credentialCookies(
  credential: CookieCredential,
  maxAge: number | undefined,
  secure: boolean,
): string[] {
  const [keep, drop] =
    credential.method === 'password' ? [SESSION_COOKIE, TOKEN_COOKIE] : [TOKEN_COOKIE, SESSION_COOKIE];
  return [
    serializeCookie(keep, credential.secret, { secure, ...(maxAge !== undefined && { maxAge }) }),
    serializeCookie(drop, '', { secure, maxAge: 0 }),
  ];
}

/** Set-Cookie values that remove both credential cookies. */
export function clearedCookies(secure: boolean): string[] {
  return [SESSION_COOKIE, TOKEN_COOKIE].map((name) => serializeCookie(name, '', { secure, maxAge: 0 }));
}
