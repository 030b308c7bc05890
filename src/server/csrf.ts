import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header that must carry the CSRF value on unsafe cookie-authenticated requests. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF value of a browser session: base64url(HMAC-SHA256(key = token secret, "evident csrf v1")).
 * Stateless: the server recomputes it from the cookie, and only a page of our origin can learn it
 * (from the sign-in answer or GET /api/v1/session), which another site's page cannot read.
 */
export function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('evident csrf v1').digest('base64url');
}

/** Whether `sent` (the header's value, if any) is the CSRF value of `secret`, compared in constant time. */
export function csrfMatches(secret: string, sent: string | readonly string[] | undefined): boolean {
  if (typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
