/**
 * Who caused an event: a token (with its role, and the user or service account it acts for), a user
 * signing in, or the server itself (bootstrap). A file of its own, importing nothing, so that the
 * types that name an actor (approvals, verification runs) type-check in the browser too (web/).
 */
export type Actor =
  | { type: 'token'; id: string; role: string; user?: string; serviceAccount?: string }
  | { type: 'user'; username: string }
  | { type: 'system' };
