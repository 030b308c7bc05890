import { bearer, errors, json, jsonBody, orgParam, pathParam, problem, receipt } from './openapiParts.ts';

const roles = { type: 'string', enum: ['admin', 'writer', 'reporter', 'approver', 'reader', 'auditor'] };
const owner = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['user', 'service_account', 'system'] },
    name: { type: 'string' },
  },
};
const token = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: '^tok_[0-9a-f]{16}$' },
    role: roles,
    description: { type: 'string' },
    owner,
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};
const secret = {
  type: 'object',
  required: ['id', 'secret'],
  properties: {
    id: { type: 'string' },
    secret: { type: 'string', description: 'Shown once; only its hash is stored.' },
  },
};
const user = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: roles,
    displayName: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const serviceAccount = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const withReceipt = (key: string, schema: Record<string, unknown>) => ({
  type: 'object',
  required: [key, 'receipt'],
  properties: { [key]: schema, receipt },
});
const adminOnly = { ...errors, '403': problem, '409': problem };

/** Organisations, tokens, users, service accounts and sign-in (DESIGN §5 "Auth"). */
export const identityPaths = {
  '/api/v1/orgs': {
    post: {
      summary: 'Create an organisation (admins of the default org); answers its first admin token',
      security: bearer,
      requestBody: jsonBody({
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' } },
        additionalProperties: false,
      }),
      responses: {
        '201': json(
          {
            type: 'object',
            properties: { org: { type: 'object' }, adminToken: secret, receipt },
          },
          'created',
        ),
        ...adminOnly,
      },
    },
  },
  '/api/v1/orgs/{org}/tokens': {
    get: {
      summary: 'List tokens, newest first, without secrets (admin, auditor); page with `before`',
      security: bearer,
      parameters: [orgParam, { name: 'before', in: 'query', schema: { type: 'string' } }],
      responses: {
        '200': json({
          type: 'object',
          properties: { tokens: { type: 'array', items: token }, next: { type: ['string', 'null'] } },
        }),
        ...adminOnly,
      },
    },
    post: {
      summary: 'Create a token (admin); optionally owned by a service account',
      security: bearer,
      parameters: [orgParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['role'],
        properties: {
          role: roles,
          description: { type: 'string', maxLength: 200 },
          expiresAt: { type: ['string', 'null'], format: 'date-time' },
          serviceAccount: { type: 'string' },
        },
        additionalProperties: false,
      }),
      responses: { '201': json(withReceipt('token', secret), 'created'), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/tokens/{name}': {
    delete: {
      summary: 'Revoke a token (admin): a `token.revoked` event; it fails authentication from then on',
      security: bearer,
      parameters: [orgParam, pathParam('name')],
      responses: { '200': json({ type: 'object', properties: { receipt } }), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/users': {
    get: {
      summary: 'List users (admin, auditor); page with `after`',
      security: bearer,
      parameters: [orgParam, { name: 'after', in: 'query', schema: { type: 'string' } }],
      responses: {
        '200': json({
          type: 'object',
          properties: { users: { type: 'array', items: user }, next: { type: ['string', 'null'] } },
        }),
        ...adminOnly,
      },
    },
    post: {
      summary: 'Create a user with a password (admin)',
      security: bearer,
      parameters: [orgParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['username', 'role', 'password'],
        properties: {
          username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._@-]{0,63}$' },
          role: roles,
          displayName: { type: 'string', maxLength: 200 },
          password: { type: 'string', minLength: 12, maxLength: 256 },
        },
        additionalProperties: false,
      }),
      responses: { '201': json(withReceipt('user', user), 'created'), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/users/{name}/role': {
    put: {
      summary: "Change a user's role (admin); the user's session tokens follow at once",
      security: bearer,
      parameters: [orgParam, pathParam('name')],
      requestBody: jsonBody({ type: 'object', required: ['role'], properties: { role: roles } }),
      responses: { '200': json({ type: 'object', properties: { receipt } }), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/users/{name}/password': {
    put: {
      summary: 'Set a password (admin, or the user themselves); recorded without the password',
      security: bearer,
      parameters: [orgParam, pathParam('name')],
      requestBody: jsonBody({
        type: 'object',
        required: ['password'],
        properties: { password: { type: 'string', minLength: 12, maxLength: 256 } },
      }),
      responses: { '200': json({ type: 'object', properties: { receipt } }), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/service-accounts': {
    get: {
      summary: 'List service accounts (admin, auditor)',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json({
          type: 'object',
          properties: { serviceAccounts: { type: 'array', items: serviceAccount } },
        }),
        ...adminOnly,
      },
    },
    post: {
      summary: 'Create a service account (admin): a non-human owner of CI tokens, never an approver',
      security: bearer,
      parameters: [orgParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, description: { type: 'string', maxLength: 2000 } },
      }),
      responses: { '201': json(withReceipt('serviceAccount', serviceAccount), 'created'), ...adminOnly },
    },
  },
  '/api/v1/orgs/{org}/sessions': {
    post: {
      summary: 'Sign in with a password: a session token with the user’s role, valid 12 hours',
      parameters: [orgParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['username', 'password'],
        properties: { username: { type: 'string' }, password: { type: 'string' } },
      }),
      responses: {
        '201': json(
          {
            type: 'object',
            properties: {
              token: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  secret: { type: 'string' },
                  expiresAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
          'signed in',
        ),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/sessions/current': {
    delete: {
      summary:
        'Sign out (`evident logout`): revoke the token of this request if it is a password session; keep any other',
      description:
        'A password session is a user’s token, made only by signing in; it is revoked (recorded in the ledger). Any other token, such as a pipeline’s, is never revoked here: the answer says `revoked: false`.',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json(
          {
            type: 'object',
            required: ['revoked'],
            properties: {
              revoked: { type: 'boolean' },
              receipt: { ...receipt, description: 'of the revocation, when there was one' },
            },
          },
          'signed out',
        ),
        ...errors,
      },
    },
  },
};
