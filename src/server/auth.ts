import type { FastifyRequest } from 'fastify';
import { EvidentError, isEvidentError } from '../core/errors.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import type { ApiToken, Role } from '../core/model/token.ts';
import type { AccessService } from '../service/accessService.ts';
import { CSRF_HEADER, csrfMatches } from './csrf.ts';
import { cookieCredential, type CookieCredential } from './sessionCookie.ts';

/** Failed authentications allowed per client address and window before 429 (DESIGN §7). */
const MAX_FAILURES = 20;
const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;
/** Methods a browser's cross-site page may trigger without CORS; they change nothing (RFC 9110 §9.2.1). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer-token or cookie authentication with a limit on failures per client address. A browser
 * signed in at /api/v1/session sends its token in a cookie; the Authorization header wins over it.
 */
export class Authenticator {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly access: AccessService,
    private readonly now: () => number,
  ) {}

  /**
   * The token of the request, if it may act in `org` with one of `roles`. A token of another org
   * gets 404, exactly as if the org did not exist (DESIGN §5).
   */
  async require(request: FastifyRequest, org: string, roles?: readonly Role[]): Promise<ApiToken> {
    const token = await this.authenticate(request);
    if (token.org !== org) throw new EvidentError('not_found', `organisation ${org} not found`);
    if (roles !== undefined && !roles.includes(token.role)) {
      throw new EvidentError(
        'forbidden',
        `this needs one of the roles ${roles.join(', ')}; the token has ${token.role}`,
      );
    }
    return token;
  }

  /**
   * A valid token always gets through; failures from an address beyond the limit are answered 429
   * instead of 401, so one misconfigured job behind a shared address (NAT, proxy) locks nobody out.
   */
  private authenticate(request: FastifyRequest): Promise<ApiToken> {
    return this.limitFailures(request, async () => {
      const { authorization } = request.headers;
      const credential = authorization === undefined ? cookieCredential(request) : undefined;
      if (credential !== undefined) {
        const token = await this.access.authenticate(credential.secret);
        if (!SAFE_METHODS.has(request.method)) this.checkCsrf(request, credential);
        return token;
      }
      const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
      if (match?.[1] === undefined) {
        throw new EvidentError(
          'unauthorized',
          'send an API token: Authorization: Bearer <token> (or sign in at /api/v1/session)',
        );
      }
      return this.access.authenticate(match[1]);
    });
  }

  /** The token of the request's credential cookie, if valid (failures count as for any credential). */
  async cookieToken(request: FastifyRequest): Promise<{ token: ApiToken; credential: CookieCredential }> {
    const credential = cookieCredential(request);
    if (credential === undefined) throw new EvidentError('unauthorized', 'not signed in');
    const token = await this.limitFailures(request, () => this.access.authenticate(credential.secret));
    return { token, credential };
  }

  /**
   * A cookie is sent by the browser on its own, also with requests that another site's page makes;
   * the CSRF value (csrf.ts) is known only to our own pages, so a change must carry it.
   */
  checkCsrf(request: FastifyRequest, credential: CookieCredential): void {
    if (!csrfMatches(credential.secret, request.headers[CSRF_HEADER])) {
      throw new EvidentError(
        'forbidden',
        `a request signed in by cookie that changes something must send the session's CSRF value in the X-CSRF-Token header (from POST or GET /api/v1/session)`,
      );
    }
  }

  /** Runs a credential check; its `unauthorized` failures count towards the address's limit. */
  async limitFailures<T>(request: FastifyRequest, check: () => Promise<T>): Promise<T> {
    const client = request.ip;
    const now = this.now();
    const seen = this.failures.get(client);
    try {
      return await check();
    } catch (error) {
      if (!isEvidentError(error, 'unauthorized')) throw error;
      const fresh = seen === undefined || now - seen.since >= WINDOW_MS;
      if (fresh && this.failures.size >= MAX_TRACKED) this.forgetOld(now);
      const count = fresh ? 1 : seen.count + 1;
      this.failures.set(client, { count, since: fresh ? now : seen.since });
      if (count > MAX_FAILURES) {
        throw new EvidentError(
          'rate_limited',
          'too many failed authentications from this address; wait a minute',
        );
      }
      throw error;
    }
  }

  /** Bounds memory under a flood from many addresses: drop windows that have ended. */
  private forgetOld(now: number): void {
    for (const [client, seen] of this.failures)
      if (now - seen.since >= WINDOW_MS) this.failures.delete(client);
    if (this.failures.size >= MAX_TRACKED) this.failures.clear();
  }
}

export function actorOf(token: ApiToken): Actor {
  const { owner } = token;
  return {
    type: 'token',
    id: token.id,
    role: token.role,
    ...(owner.kind === 'user' && { user: owner.name }),
    ...(owner.kind === 'service_account' && { serviceAccount: owner.name }),
  };
}
