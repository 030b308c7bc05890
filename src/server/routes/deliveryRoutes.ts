import type { FastifyInstance } from 'fastify';
import { EvidentError } from '../../core/errors.ts';
import type { JsonValue } from '../../core/ledger/canonicalJson.ts';
import { normaliseSha256, type GitCommit } from '../../core/model/trail.ts';
import type { ArtifactInput } from '../../service/deliveryService.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import { actorOf, type Authenticator } from '../auth.ts';
import { idempotencyOf } from '../idempotency.ts';
import { orgFingerprintParams, sha256Param as sha256 } from './params.ts';

const WRITERS = ['admin', 'writer'] as const;
const name = { type: 'string', minLength: 1, maxLength: 100, description: '1–100 characters' } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const trailParams = {
  type: 'object',
  required: ['org', 'flow', 'trail'],
  properties: { org: name, flow: name, trail: name },
} as const;
const commit = {
  type: 'object',
  required: ['sha'],
  properties: {
    sha: {
      type: 'string',
      pattern: '^([0-9a-f]{40}|[0-9a-f]{64})$',
      description: 'a git commit id (40 or 64 hex digits)',
    },
    author: text(300),
    committer: text(300),
    message: text(65536),
    timestamp: text(40),
    parents: { type: 'array', maxItems: 64, items: text(64) },
    branch: text(300),
    url: text(2000),
  },
  additionalProperties: false,
} as const;

type TrailParams = { org: string; flow: string; trail: string };

/** Trails, artifacts and attestations of a flow (issue #3); search is in searchRoutes.ts. */
export function deliveryRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.put<{
    Params: TrailParams;
    Body: {
      description?: string;
      commit?: GitCommit;
      originUrl?: string;
      userData?: JsonValue;
      template?: string;
    };
  }>(
    '/api/v1/orgs/:org/flows/:flow/trails/:trail',
    {
      schema: {
        params: trailParams,
        body: {
          type: 'object',
          properties: {
            description: text(2000),
            commit,
            originUrl: text(2000),
            userData: {},
            template: text(65536),
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, flow, trail } = request.params;
      const token = await auth.require(request, org, WRITERS);
      const existed = (await services.delivery.trail(org, flow, trail)) !== undefined;
      const receipt = await services.delivery.saveTrail(
        org,
        { ...request.body, flow, name: trail },
        actorOf(token),
        idempotencyOf(request),
      );
      return reply
        .code(existed ? 200 : 201)
        .send({ trail: await services.delivery.trail(org, flow, trail), receipt });
    },
  );

  app.get<{ Params: TrailParams }>(
    '/api/v1/orgs/:org/flows/:flow/trails/:trail',
    { schema: { params: trailParams } },
    async (request) => {
      const { org, flow, trail } = request.params;
      await auth.require(request, org);
      const found = await services.delivery.trail(org, flow, trail);
      if (found === undefined)
        throw new EvidentError('not_found', `trail ${trail} of flow ${flow} not found`);
      const [artifacts, attestations] = await Promise.all([
        services.delivery.artifactsOfTrail(org, flow, trail),
        services.delivery.attestationsOfTrail(org, flow, trail),
      ]);
      return { trail: found, artifacts, attestations };
    },
  );

  app.get<{ Params: { org: string; flow: string }; Querystring: { before?: string } }>(
    '/api/v1/orgs/:org/flows/:flow/trails',
    {
      schema: {
        params: { type: 'object', required: ['org', 'flow'], properties: { org: name, flow: name } },
        querystring: {
          type: 'object',
          properties: {
            before: { type: 'string', pattern: '^[0-9]{1,16}$', description: 'a cursor from `next`' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { org, flow } = request.params;
      await auth.require(request, org);
      const limit = 100;
      const before = request.query.before === undefined ? undefined : Number(request.query.before);
      const trails = await services.delivery.trails(org, flow, before, limit + 1);
      const page = trails.slice(0, limit);
      return { trails: page, next: trails.length > limit ? String(page.at(-1)?.createdIndex ?? '') : null };
    },
  );

  app.post<{
    Params: TrailParams;
    Body: Omit<ArtifactInput, 'flow' | 'trail'>;
  }>(
    '/api/v1/orgs/:org/flows/:flow/trails/:trail/artifacts',
    {
      schema: {
        params: trailParams,
        body: {
          type: 'object',
          required: ['fingerprint', 'name'],
          properties: {
            fingerprint: sha256,
            name,
            filename: text(1000),
            commit: text(64),
            buildUrl: text(2000),
            repository: text(2000),
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, flow, trail } = request.params;
      const token = await auth.require(request, org, WRITERS);
      const receipt = await services.delivery.reportArtifact(
        org,
        { ...request.body, flow, trail },
        actorOf(token),
        idempotencyOf(request),
      );
      return reply.code(201).send({ receipt });
    },
  );

  app.post<{
    Params: TrailParams;
    Body: {
      name: string;
      type: string;
      artifact?: { fingerprint: string } | { name: string };
      evidence?: { sha256: string; name: string }[];
      data?: JsonValue;
    };
  }>(
    '/api/v1/orgs/:org/flows/:flow/trails/:trail/attestations',
    {
      schema: {
        params: trailParams,
        body: {
          type: 'object',
          required: ['name', 'type'],
          properties: {
            name,
            type: text(100),
            artifact: {
              oneOf: [
                {
                  type: 'object',
                  required: ['fingerprint'],
                  properties: { fingerprint: sha256 },
                  additionalProperties: false,
                },
                { type: 'object', required: ['name'], properties: { name }, additionalProperties: false },
              ],
            },
            evidence: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                required: ['sha256', 'name'],
                properties: { sha256, name: text(500) },
                additionalProperties: false,
              },
            },
            data: {},
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { org, flow, trail } = request.params;
      const token = await auth.require(request, org, WRITERS);
      const receipt = await services.delivery.attest(
        org,
        { ...request.body, flow, trail },
        actorOf(token),
        idempotencyOf(request),
      );
      const recorded = await services.delivery.attestation(org, receipt.index);
      return reply.code(201).send({ attestation: recorded, receipt });
    },
  );

  app.get<{ Params: { org: string; fingerprint: string } }>(
    '/api/v1/orgs/:org/artifacts/:fingerprint',
    {
      schema: {
        params: orgFingerprintParams,
      },
    },
    async (request) => {
      const { org } = request.params;
      await auth.require(request, org);
      const fingerprint = normaliseSha256(request.params.fingerprint) ?? '';
      const reports = await services.delivery.artifactReports(org, fingerprint);
      if (reports.length === 0) throw new EvidentError('not_found', `artifact ${fingerprint} not found`);
      // Each report with its trail (commit, verdict), so that the artifact page needs no request per trail.
      const history = await Promise.all(
        reports.map(async (artifact) => ({
          artifact,
          trail: await services.delivery.trail(org, artifact.flow, artifact.trail),
          attestations: (
            await services.delivery.attestationsOfTrail(org, artifact.flow, artifact.trail)
          ).filter(
            (a) =>
              a.target !== null &&
              (('fingerprint' in a.target && a.target.fingerprint === fingerprint) ||
                ('artifactName' in a.target && a.target.artifactName === artifact.name)),
          ),
        })),
      );
      return { fingerprint, reports: history };
    },
  );
}
