import type { FastifyInstance } from 'fastify';
import { EvidentError } from '../../core/errors.ts';
import { checkRole, ROLES, type ApiToken, type Role } from '../../core/model/token.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { DEFAULT_ORG } from '../../core/model/org.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { orgNameParams, orgParams } from './params.ts';

const ADMIN = ['admin'] as const;
const AUDIT = ['admin', 'auditor'] as const;
const role = { type: 'string', enum: [...ROLES] } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

/** The public face of a token: never its secret. */
function tokenView(token: ApiToken) {
  const { id, role: tokenRole, description, owner, createdAt, expiresAt, revokedAt } = token;
  return { id, role: tokenRole, description, owner, createdAt, expiresAt, revokedAt };
}

/**
 * Organisations, users, service accounts, API tokens and password sign-in (DESIGN §5 "Auth", §7).
 * Everything here needs the admin role, except sign-in and reading one's own org's people as auditor.
 */
export function identityRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.post<{ Body: { name: string } }>(
    '/api/v1/orgs',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: text(100) },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      // Server administration: admins of the default org create organisations.
      const token = await auth.require(request, DEFAULT_ORG, ADMIN);
      const { name } = request.body;
      if (!(await services.access.createOrg(name, actorOf(token)))) {
        throw new EvidentError('conflict', `organisation ${name} already exists`);
      }
      const admin = await services.access.createToken(
        name,
        { role: 'admin', description: `first admin token of ${name}`, expiresAt: null },
        actorOf(token),
      );
      return reply
        .code(201)
        .send({ org: { name }, adminToken: { id: admin.id, secret: admin.secret }, receipt: admin.receipt });
    },
  );

  app.get<{ Params: { org: string }; Querystring: { before?: string } }>(
    '/api/v1/orgs/:org/tokens',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          properties: {
            before: { type: 'string', pattern: '^[0-9]{1,16}$', description: 'a creation index' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org, AUDIT);
      const limit = 100;
      const before = request.query.before === undefined ? undefined : Number(request.query.before);
      const tokens = await services.access.listTokens(org, before, limit + 1);
      const page = tokens.slice(0, limit);
      return {
        tokens: page.map(tokenView),
        next: tokens.length > limit ? String(page.at(-1)?.createdIndex ?? '') : null,
      };
    },
  );

  app.post<{
    Params: { org: string };
    Body: { role: Role; description?: string; expiresAt?: string | null; serviceAccount?: string };
  }>(
    '/api/v1/orgs/:org/tokens',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['role'],
          properties: {
            role,
            description: text(200),
            expiresAt: { type: ['string', 'null'], format: 'date-time' },
            serviceAccount: text(100),
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, ADMIN);
      const { serviceAccount, expiresAt } = request.body;
      if (serviceAccount !== undefined) await services.users.serviceAccount(org, serviceAccount);
      const created = await services.access.createToken(
        org,
        {
          role: checkRole(request.body.role),
          description: request.body.description ?? '',
          expiresAt: expiresAt == null ? null : new Date(expiresAt).toISOString(),
          ...(serviceAccount !== undefined && {
            owner: { kind: 'service_account', name: serviceAccount } as const,
          }),
        },
        actorOf(token),
      );
      return reply
        .code(201)
        .send({ token: { id: created.id, secret: created.secret }, receipt: created.receipt });
    },
  );

  app.delete<{ Params: { org: string; name: string } }>(
    '/api/v1/orgs/:org/tokens/:name',
    { schema: { params: orgNameParams } },
    async (request) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ADMIN);
      return { receipt: await services.access.revokeToken(org, name, actorOf(token)) };
    },
  );

  app.get<{ Params: { org: string }; Querystring: { after?: string } }>(
    '/api/v1/orgs/:org/users',
    {
      schema: {
        params: orgParams,
        querystring: { type: 'object', properties: { after: text(64) }, additionalProperties: false },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org, AUDIT);
      const limit = 100;
      const users = await services.users.list(org, request.query.after, limit + 1);
      const page = users.slice(0, limit);
      return { users: page, next: users.length > limit ? (page.at(-1)?.username ?? null) : null };
    },
  );

  app.post<{
    Params: { org: string };
    Body: { username: string; role: Role; displayName?: string; password: string };
  }>(
    '/api/v1/orgs/:org/users',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['username', 'role', 'password'],
          properties: { username: text(64), role, displayName: text(200), password: text(256) },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, ADMIN);
      const { username, password, displayName } = request.body;
      const created = await services.users.create(
        org,
        { username, password, role: checkRole(request.body.role), displayName: displayName ?? username },
        actorOf(token),
      );
      return reply.code(201).send(created);
    },
  );

  app.put<{ Params: { org: string; name: string }; Body: { role: Role } }>(
    '/api/v1/orgs/:org/users/:name/role',
    {
      schema: {
        params: orgNameParams,
        body: { type: 'object', required: ['role'], properties: { role }, additionalProperties: false },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ADMIN);
      return {
        receipt: await services.users.changeRole(org, name, checkRole(request.body.role), actorOf(token)),
      };
    },
  );

  app.put<{ Params: { org: string; name: string }; Body: { password: string } }>(
    '/api/v1/orgs/:org/users/:name/password',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          required: ['password'],
          properties: { password: text(256) },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org);
      // Admins set anyone's password; everybody else only their own.
      const self = token.owner.kind === 'user' && token.owner.name === name;
      if (token.role !== 'admin' && !self) {
        throw new EvidentError('forbidden', 'only an admin or the user themselves may set a password');
      }
      return {
        receipt: await services.users.changePassword(org, name, request.body.password, actorOf(token)),
      };
    },
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/service-accounts',
    { schema: { params: orgParams } },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org, AUDIT);
      return { serviceAccounts: await services.users.serviceAccounts(org) };
    },
  );

  app.post<{ Params: { org: string }; Body: { name: string; description?: string } }>(
    '/api/v1/orgs/:org/service-accounts',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['name'],
          properties: { name: text(100), description: text(2000) },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const token = await auth.require(request, org, ADMIN);
      const created = await services.users.createServiceAccount(
        org,
        { name: request.body.name, description: request.body.description ?? '' },
        actorOf(token),
      );
      return reply.code(201).send(created);
    },
  );

  app.post<{ Params: { org: string }; Body: { username: string; password: string } }>(
    '/api/v1/orgs/:org/sessions',
    {
      schema: {
        params: orgParams,
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: text(64), password: text(256) },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const session = await auth.limitFailures(request, () =>
        services.users.signIn(org, request.body.username, request.body.password),
      );
      return reply.code(201).send({ token: session });
    },
  );

  // Signing out (`evident logout`): the request's own token is revoked when it is a password
  // session — a user's token, which only sign-in makes. Any other token (a pipeline's) is kept, as
  // the web UI's sign-out keeps a pasted one (sessionRoutes.ts); the answer says which happened.
  app.delete<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/sessions/current',
    { schema: { params: orgParams } },
    async (request) => {
      const { org } = request.params;
      const token = await auth.require(request, org);
      if (token.owner.kind !== 'user') return { revoked: false };
      return { revoked: true, receipt: await services.access.revokeToken(org, token.id, actorOf(token)) };
    },
  );
}
