import { json, jsonBody, problem } from './openapiParts.ts';

const cookieNote =
  'The token is kept in an HttpOnly, SameSite=Strict, Path=/ cookie: `evident_session` after a password sign-in, `evident_token` for a pasted API token. Every API route accepts it like a bearer token (the Authorization header wins when both are sent); requests other than GET, HEAD and OPTIONS must then send the `csrf` value in the `X-CSRF-Token` header, or get 403 `forbidden`.';

/** Cookie credentials of a browser session (issue #7); see /api/v1/session. */
export const sessionSecuritySchemes = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'evident_session',
    description: `A password sign-in of the web UI. ${cookieNote}`,
  },
  tokenCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'evident_token',
    description: `An API token pasted into the web UI. ${cookieNote}`,
  },
};

const session = {
  type: 'object',
  required: ['org', 'role', 'actor', 'method', 'csrf', 'expiresAt', 'insecureTransport'],
  properties: {
    org: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'writer', 'reporter', 'approver', 'reader', 'auditor'] },
    actor: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { type: 'string', enum: ['user', 'service_account', 'system'] },
        name: { type: 'string' },
      },
    },
    method: {
      type: 'string',
      enum: ['password', 'token'],
      description: 'password: signing out revokes the session token; token: it only forgets the cookie',
    },
    csrf: {
      type: 'string',
      description:
        'Send it as `X-CSRF-Token` with every cookie-authenticated request other than GET, HEAD, OPTIONS',
    },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    insecureTransport: {
      type: 'boolean',
      description:
        'True on plain HTTP to a host other than localhost: the cookie then goes without `Secure`, and the token can be read on the way',
    },
  },
};

const cookieSecurity = [{ sessionCookie: [] }, { tokenCookie: [] }];

export const sessionPaths = {
  '/api/v1/session': {
    post: {
      summary: 'Sign a browser in: with a password (a 12-hour session token) or with an API token',
      description: `Body \`{org, username, password}\` or \`{org, token}\`. ${cookieNote} Failed sign-ins count towards the per-address limit (429).`,
      requestBody: jsonBody({
        type: 'object',
        required: ['org'],
        properties: {
          org: { type: 'string' },
          username: { type: 'string' },
          password: { type: 'string' },
          token: { type: 'string', description: 'An API token of `org`, instead of username and password' },
        },
        additionalProperties: false,
      }),
      responses: {
        '201': {
          ...json(session, 'signed in; Set-Cookie carries the token'),
          headers: { 'Set-Cookie': { schema: { type: 'string' } } },
        },
        '400': problem,
        '401': problem,
        '415': problem,
        '429': problem,
      },
    },
    get: {
      summary: 'The browser session of the cookie, with its CSRF value',
      description:
        'Answers 204 when nobody is signed in (no cookie, or one that no longer works, which Set-Cookie then removes): not signed in is an answer, not an error. Failed cookies count towards the per-address limit (429).',
      security: [...cookieSecurity, {}],
      responses: {
        '200': json(session, 'signed in'),
        '204': { description: 'nobody is signed in' },
        '429': problem,
      },
    },
    delete: {
      summary: 'Sign out: forget the cookie, and revoke the token of a password sign-in',
      description:
        'Needs `X-CSRF-Token` while the cookie is valid. A pasted API token is not revoked. Answers 204 also when not signed in.',
      security: cookieSecurity,
      responses: { '204': { description: 'signed out; Set-Cookie removes the cookie' }, '403': problem },
    },
  },
};
