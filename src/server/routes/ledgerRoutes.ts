import type { FastifyInstance } from 'fastify';
import { toHex } from '../../core/ledger/merkleHash.ts';
import type { EvidentServices } from '../../service/evidentServices.ts';
import type { Authenticator } from '../auth.ts';
import { integerQuery, orgParams, toIntegers } from './params.ts';

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

  app.get<{ Params: { org: string }; Querystring: { start: string; end: string } }>(
    '/api/v1/orgs/:org/log/entries',
    { schema: { params: orgParams, querystring: integerQuery('start', 'end') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { start, end } = toIntegers(request.query);
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

  app.get<{ Params: { org: string }; Querystring: { index: string; size: string } }>(
    '/api/v1/orgs/:org/log/proofs/inclusion',
    { schema: { params: orgParams, querystring: integerQuery('index', 'size') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { index, size } = toIntegers(request.query);
      return { index, size, hashes: await services.ledger.inclusionProof(request.params.org, index, size) };
    },
  );

  app.get<{ Params: { org: string }; Querystring: { from: string; to: string } }>(
    '/api/v1/orgs/:org/log/proofs/consistency',
    { schema: { params: orgParams, querystring: integerQuery('from', 'to') } },
    async (request) => {
      await auth.require(request, request.params.org);
      const { from, to } = toIntegers(request.query);
      return { from, to, hashes: await services.ledger.consistencyProof(request.params.org, from, to) };
    },
  );
}
