/**
 * Whether a git signature ("Name <email>", as git records an author or committer) names a user.
 * Users have a username and a display name, no e-mail address; the rule is written to fail closed
 * (a false match refuses an approval, which is the safe error for segregation of duties). A user
 * matches when, compared without case, accents or repeated spaces:
 *
 * - the signature's name equals the user's display name or username; or
 * - the e-mail address equals the username (usernames may be e-mail addresses); or
 * - the e-mail's local part equals the username, also after a `+` (GitHub's no-reply addresses are
 *   `12345+login@users.noreply.github.com`).
 */
export function signatureNames(
  signature: string,
  user: { readonly username: string; readonly displayName: string },
): boolean {
  const { name, email } = parseSignature(signature);
  const username = fold(user.username);
  const names = new Set([fold(user.displayName), username].filter((n) => n !== ''));
  if (name !== '' && names.has(fold(name))) return true;
  if (email === '') return false;
  const address = fold(email);
  const local = address.split('@')[0] ?? '';
  return address === username || local === username || local.split('+').at(-1) === username;
}

/** "Name <email>" → its parts; a bare address or a bare name is accepted too. */
function parseSignature(signature: string): { name: string; email: string } {
  const match = /^(.*?)\s*<([^<>]*)>\s*$/.exec(signature);
  if (match !== null) return { name: match[1] ?? '', email: match[2] ?? '' };
  const text = signature.trim();
  return text.includes('@') && !text.includes(' ') ? { name: '', email: text } : { name: text, email: '' };
}

/** Case-, accent- and spacing-insensitive form: "  José  García" and "jose garcia" are one name. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
