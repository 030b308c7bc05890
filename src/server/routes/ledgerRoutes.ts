import type { FastifyInstance } from 'fastify';
import { toHex } from '../../core/ledger/merkleHash.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { orgParams } from './params.ts';

const count = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

function twoNumbers(a: string, b: string) {
  return { type: 'object', required: [a, b], properties: { [a]: count, [b]: count }, additionalProperties: false };
}

/** The five ledger endpoints, fixed by DESIGN §5: external verifiers depend on these exact shapes. */
export function ledgerRoutes(app: FastifyInstance, services: EvidentServices, auth: Authenticator): void {
  app.get('/api/v1/log/key', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(services.vkeys.map((k) => `${k}\n`).join('')),
  );

  app.get<{ Params: { org: string } }>(
    '/api/v1/orgs/:org/log/checkpoint',
    { schema: { params: orgParams } },
    async (request, reply) => {
      await auth.require(request, request.params.org);
      const note = await services.ledger.checkpoint(request.params.org);
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(note);
    },
  );

  app.get<{ Params: { org: string }; Querystring: { start: number; end: number } }>(
    '/api/v1/orgs/:org/log/entries',
    { schema: { params: orgParams, querystring: twoNumbers('start', 'end') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { start, end } = request.query;
      const entries = await services.ledger.entries(request.params.org, start, end);
      return {
        entries: entries.map((e) => ({
          index: e.index,
          leafHash: toHex(e.leafHash),
          entry: Buffer.from(e.entry).toString('base64'),
        })),
      };
    },
  );

  app.get<{ Params: { org: string }; Querystring: { index: number; size: number } }>(
    '/api/v1/orgs/:org/log/proofs/inclusion',
    { schema: { params: orgParams, querystring: twoNumbers('index', 'size') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { index, size } = request.query;
      return { index, size, hashes: await services.ledger.inclusionProof(request.params.org, index, size) };
    },
  );

  app.get<{ Params: { org: string }; Querystring: { from: number; to: number } }>(
    '/api/v1/orgs/:org/log/proofs/consistency',
    { schema: { params: orgParams, querystring: twoNumbers('from', 'to') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { from, to } = request.query;
      return { from, to, hashes: await services.ledger.consistencyProof(request.params.org, from, to) };
    },
  );
}
