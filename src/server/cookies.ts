/** Longest Cookie header read, and most pairs taken from it; anything beyond is ignored (DESIGN §7). */
const MAX_HEADER = 8192;
const MAX_PAIRS = 64;
/** RFC 6265 §4.1.1 cookie-name (an RFC 9110 token) and cookie-value (optionally in double quotes). */
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * The cookies of a Cookie header (RFC 6265 §5.4), by name; the first of a repeated name wins, as
 * browsers send the most specific one first. Malformed pairs are skipped, an oversized header is
 * ignored altogether: whatever a client sends, the answer is "no such cookie", never an exception.
 */
export function parseCookies(header: string | readonly string[] | undefined): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  const text = typeof header === 'string' ? header : header?.join('; ');
  if (text === undefined || text.length > MAX_HEADER) return cookies;
  for (const pair of text.split(';', MAX_PAIRS)) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    const name = pair.slice(0, equals).trim();
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!NAME.test(name) || !VALUE.test(value) || cookies.has(name)) continue;
    cookies.set(name, value);
  }
  return cookies;
}

export interface CookieAttributes {
  /** Seconds until the browser forgets it (0 deletes it); none makes a cookie of the browser session. */
  readonly maxAge?: number;
  readonly secure: boolean;
}

/**
 * A Set-Cookie value (RFC 6265 §4.1) for a credential: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Path=/ and no Domain (this host only).
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  if (!NAME.test(name) || !VALUE.test(value)) throw new Error(`not a valid cookie: ${name}`);
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(attributes.secure ? ['Secure'] : []),
    ...(attributes.maxAge !== undefined ? [`Max-Age=${Math.max(0, Math.floor(attributes.maxAge))}`] : []),
  ].join('; ');
}
