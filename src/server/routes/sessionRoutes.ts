import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EvidentError, isEvidentError } from '../../core/errors.ts';
import type { ApiToken } from '../../core/model/token.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { csrfToken } from '../csrf.ts';
import {
  clearedCookies,
  cookieCredential,
  credentialCookies,
  secureContext,
  type CookieCredential,
} from '../sessionCookie.ts';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/** What a browser learns about its sign-in; the token's secret stays in the HttpOnly cookie. */
function sessionView(token: ApiToken, credential: CookieCredential, request: FastifyRequest) {
  return {
    org: token.org,
    role: token.role,
    actor: token.owner,
    method: credential.method,
    csrf: csrfToken(credential.secret),
    expiresAt: token.expiresAt,
    insecureTransport: !secureContext(request),
  };
}

/**
 * Browser sign-in (issue #7): the web UI keeps its token in an HttpOnly, SameSite=Strict cookie that
 * every API route accepts like a bearer token, and sends the session's CSRF value in X-CSRF-Token
 * with every change (auth.ts). Sign-in answers and session reads are never cached.
 */
export function sessionRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
  now: () => number,
): void {
  const answer = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.post<{ Body: { org: string; username?: string; password?: string; token?: string } }>(
    '/api/v1/session',
    {
      schema: {
        body: {
          type: 'object',
          required: ['org'],
          properties: { org: text(100), username: text(64), password: text(256), token: text(200) },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, username, password, token: pasted } = request.body;
      let credential: CookieCredential;
      let token: ApiToken;
      if (pasted === undefined && username !== undefined && password !== undefined) {
        const session = await auth.limitFailures(request, () =>
          services.users.signIn(org, username, password),
        );
        credential = { method: 'password', secret: session.secret };
        token = await services.access.authenticate(session.secret);
      } else if (pasted !== undefined && username === undefined && password === undefined) {
        credential = { method: 'token', secret: pasted };
        token = await auth.limitFailures(request, async () => {
          const found = await services.access.authenticate(pasted);
          if (found.org !== org)
            throw new EvidentError('unauthorized', `this API token is not one of organisation ${org}`);
          return found;
        });
      } else {
        throw new EvidentError(
          'bad_request',
          'send {org, username, password} to sign in with a password, or {org, token} with an API token',
        );
      }
      const maxAge = token.expiresAt === null ? undefined : (Date.parse(token.expiresAt) - now()) / 1000;
      return answer(reply)
        .code(201)
        .header('set-cookie', credentialCookies(credential, maxAge, secureContext(request)))
        .send(sessionView(token, credential, request));
    },
  );

  /*
   * "Who is this browser signed in as?" — "nobody" is an answer, not a refusal: 204 No Content
   * (RFC 9110 §15.3.5) rather than 401, which browsers log as a console error on every signed-out
   * visit of the UI. Nothing is served without a valid credential, and a failed cookie still counts
   * towards the address's limit (429), so authentication is as strict as before. Preferred to a
   * script-readable "maybe signed in" hint cookie: that second cookie could disagree with the
   * credential one (a revoked session would still probe and log its 401), this answer cannot.
   */
  app.get('/api/v1/session', async (request, reply) => {
    const signedIn = await auth.cookieToken(request).catch((error: unknown) => {
      if (!isEvidentError(error, 'unauthorized')) throw error;
      return undefined;
    });
    if (signedIn === undefined) {
      // A cookie that no longer works (expired, revoked) is removed from the browser.
      if (cookieCredential(request) !== undefined)
        void reply.header('set-cookie', clearedCookies(secureContext(request)));
      return answer(reply).code(204).send();
    }
    return answer(reply).send(sessionView(signedIn.token, signedIn.credential, request));
  });

  app.delete('/api/v1/session', async (request, reply) => {
    let credential: CookieCredential | undefined;
    let token: ApiToken | undefined;
    try {
      ({ credential, token } = await auth.cookieToken(request));
    } catch (error) {
      // Not signed in, or a cookie that no longer works: there is nothing to revoke, only to forget.
      if (!isEvidentError(error, 'unauthorized')) throw error;
    }
    if (credential !== undefined && token !== undefined) {
      // Signing out changes something (a revocation), so it needs the CSRF value like any change.
      auth.checkCsrf(request, credential);
      // Only the server's own password sessions are user-owned tokens; a pasted token is kept.
      if (credential.method === 'password' && token.owner.kind === 'user') {
        await services.access.revokeToken(token.org, token.id, actorOf(token)).catch((error: unknown) => {
          // Signed out twice at once: the other request revoked it already.
          if (!isEvidentError(error, 'conflict')) throw error;
        });
      }
    }
    return answer(reply)
      .code(204)
      .header('set-cookie', clearedCookies(secureContext(request)))
      .send();
  });
}
