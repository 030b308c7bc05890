import type { FastifyInstance } from 'fastify';
import { EvidentError } from '../../core/errors.ts';
import type { Snapshot } from '../../core/model/environment.ts';
import { parseInstant, parseSnapshotRef, type SnapshotSelector } from '../../core/model/snapshotRef.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { digits, orgNameParams, orgParams, fingerprintQuery } from './params.ts';

const REPORTERS = ['admin', 'reporter'] as const;
const sha256 = { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' } as const;
type NameParams = { org: string; name: string };

/** Environments, policies, snapshots, change logs and gates (issue #5). */
export function environmentRoutes(
  app: FastifyInstance,
  services: EvidentServices,
  auth: Authenticator,
  now: () => number,
): void {
  const envs = services.environments;

  app.put<{
    Params: NameParams;
    Body: { type: string; description?: string; includes?: string[]; policies?: string[] };
  }>(
    '/api/v1/orgs/:org/environments/:name',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          required: ['type'],
          properties: {
            type: { type: 'string', maxLength: 20 },
            description: { type: 'string', maxLength: 2000 },
            includes: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 100 } },
            policies: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ['admin']);
      const existed = (await envs.find(org, name)) !== undefined;
      const saved = await envs.save(org, { ...request.body, name }, actorOf(token), idempotencyOf(request));
      return reply.code(existed ? 200 : 201).send(saved);
    },
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/environments',
    { schema: { params: orgParams } },
    async (request) => {
      await auth.require(request, request.params.org);
      return { environments: await envs.list(request.params.org) };
    },
  );

  app.get<{ Params: NameParams }>(
    '/api/v1/orgs/:org/environments/:name',
    { schema: { params: orgNameParams } },
    async (request) => {
      await auth.require(request, request.params.org);
      return envs.environment(request.params.org, request.params.name);
    },
  );

  app.put<{
    Params: NameParams;
    Body: { artifacts: { name: string; fingerprint: string; instances?: number }[]; observedAt?: string };
  }>(
    '/api/v1/orgs/:org/environments/:name/snapshot',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          required: ['artifacts'],
          properties: {
            observedAt: { type: 'string', maxLength: 40 },
            artifacts: {
              type: 'array',
              maxItems: 5000,
              items: {
                type: 'object',
                required: ['name', 'fingerprint'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 512 },
                  fingerprint: sha256,
                  instances: { type: 'integer', minimum: 1, maximum: 1_000_000 },
                },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, REPORTERS);
      const reported = await envs.report(
        org,
        name,
        request.body.artifacts,
        actorOf(token),
        idempotencyOf(request),
        request.body.observedAt,
      );
      return reply.code(reported.changed ? 201 : 200).send(reported);
    },
  );

  app.get<{ Params: NameParams; Querystring: { at?: string; number?: string; back?: string } }>(
    '/api/v1/orgs/:org/environments/:name/snapshot',
    {
      schema: {
        params: orgNameParams,
        querystring: {
          type: 'object',
          properties: { at: { type: 'string', maxLength: 64 }, number: digits, back: digits },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org);
      return envs.snapshot(org, name, selectorOf(request.query, now));
    },
  );

  app.get<{
    Params: NameParams;
    Querystring: { since?: string; until?: string; before?: string; limit?: string };
  }>(
    '/api/v1/orgs/:org/environments/:name/changes',
    {
      schema: {
        params: orgNameParams,
        querystring: {
          type: 'object',
          properties: {
            since: { type: 'string', maxLength: 64 },
            until: { type: 'string', maxLength: 64 },
            before: digits,
            limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: '1 to 1000' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org);
      const { since, until, before, limit } = request.query;
      const clock = new Date(now());
      const size = Number(limit ?? '100');
      const changes = await envs.changes(org, name, {
        ...(since !== undefined && { since: parseInstant(since, clock) }),
        ...(until !== undefined && { until: parseInstant(until, clock) }),
        ...(before !== undefined && { before: Number(before) }),
        limit: size,
      });
      const last = changes.at(-1);
      // Changes of one entry share its index: page on the next older entry, never splitting one.
      return { changes, next: changes.length >= size && last !== undefined ? String(last.index) : null };
    },
  );

  app.get<{ Params: { org: string }; Querystring: { from: string; to: string } }>(
    '/api/v1/orgs/:org/snapshots/diff',
    {
      schema: {
        params: orgParams,
        querystring: {
          type: 'object',
          required: ['from', 'to'],
          properties: { from: { type: 'string', maxLength: 200 }, to: { type: 'string', maxLength: 200 } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      const clock = new Date(now());
      const resolve = async (text: string): Promise<Snapshot> => {
        const ref = parseSnapshotRef(text, clock);
        const found = await envs.snapshot(org, ref.environment, ref.selector);
        if (!('number' in found))
          throw new EvidentError(
            'bad_request',
            `${ref.environment} is logical: diff its member environments`,
          );
        return found;
      };
      const from = await resolve(request.query.from);
      const to = await resolve(request.query.to);
      return { from: summary(from), to: summary(to), changes: envs.diff(from.artifacts, to.artifacts) };
    },
  );

  app.get<{ Params: NameParams; Querystring: { fingerprint: string } }>(
    '/api/v1/orgs/:org/environments/:name/check',
    {
      schema: {
        params: orgNameParams,
        querystring: fingerprintQuery,
      },
    },
    async (request) => {
      const { org, name } = request.params;
      await auth.require(request, org);
      return envs.check(org, name, request.query.fingerprint);
    },
  );

  app.put<{ Params: NameParams; Body: { source: string } }>(
    '/api/v1/orgs/:org/policies/:name',
    {
      schema: {
        params: orgNameParams,
        body: {
          type: 'object',
          required: ['source'],
          properties: { source: { type: 'string', maxLength: 65536 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, name } = request.params;
      const token = await auth.require(request, org, ['admin']);
      const created = await envs.createPolicy(
        org,
        name,
        request.body.source,
        actorOf(token),
        idempotencyOf(request),
      );
      return reply.code(created.receipt === null ? 200 : 201).send(created);
    },
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/policies',
    { schema: { params: orgParams } },
    async (request) => {
      await auth.require(request, request.params.org);
      const latest = await envs.policies(request.params.org);
      return { policies: latest.map((p) => ({ name: p.name, version: p.version, createdAt: p.created_at })) };
    },
  );

  app.get<{ Params: NameParams }>(
    '/api/v1/orgs/:org/policies/:name',
    { schema: { params: orgNameParams } },
    async (request) => {
      await auth.require(request, request.params.org);
      return { versions: await envs.policy(request.params.org, request.params.name) };
    },
  );
}

/** `?number=N`, `?back=N`, `?at=INSTANT` (ISO 8601, `now`, `2.days.ago`), or the latest. */
function selectorOf(
  query: { at?: string; number?: string; back?: string },
  now: () => number,
): SnapshotSelector {
  const given = [query.at, query.number, query.back].filter((v) => v !== undefined).length;
  if (given > 1) throw new EvidentError('bad_request', 'give one of at, number and back');
  if (query.number !== undefined) {
    if (Number(query.number) < 1) throw new EvidentError('bad_request', 'snapshots are numbered from 1');
    return { kind: 'number', number: Number(query.number) };
  }
  if (query.back !== undefined) return { kind: 'back', count: Number(query.back) };
  if (query.at !== undefined) return { kind: 'at', at: parseInstant(query.at, new Date(now())) };
  return { kind: 'latest' };
}

function summary(snapshot: Snapshot) {
  return {
    environment: snapshot.environment,
    number: snapshot.number,
    at: snapshot.at,
    compliant: snapshot.compliant,
  };
}
