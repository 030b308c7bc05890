import { actor, bearer, errors, hex, json, orgParam, problem } from './openapiParts.ts';

const instant = { type: 'string', format: 'date-time' };

const run = {
  type: 'object',
  required: ['id', 'startedAt', 'finishedAt', 'ok', 'size', 'rootHash', 'findingCount', 'findings', 'by'],
  description:
    "One verification of the org's log by this server: what this server found, recorded outside the ledger. Only `evident verify` run offline with keys you hold is independent of the server.",
  properties: {
    id: { type: 'string' },
    startedAt: instant,
    finishedAt: instant,
    ok: { type: 'boolean', description: 'Nothing was found wrong' },
    size: { type: 'integer', description: 'Entries replayed: the log size verified' },
    rootHash: {
      type: 'string',
      pattern: '^([0-9a-f]{64})?$',
      description: 'What those entries hash to (empty if the org has no log)',
    },
    findingCount: { type: 'integer', description: 'Every finding, also those not listed' },
    findings: {
      type: 'array',
      maxItems: 50,
      description: "The first findings, all of this org's log, projections or evidence",
      items: {
        type: 'object',
        required: ['kind', 'message'],
        properties: {
          kind: {
            enum: [
              'entry',
              'leaf_hash',
              'tree_node',
              'gap',
              'checkpoint',
              'head',
              'truncated',
              'witness',
              'projection',
              'evidence',
            ],
          },
          index: { type: 'integer', description: 'The ledger entry concerned' },
          table: { type: 'string', description: 'projection: the table' },
          message: { type: 'string' },
        },
      },
    },
    by: { ...actor, description: 'Who asked for it' },
  },
};

const status = {
  type: 'object',
  required: ['org', 'size', 'rootHash', 'checkpoint', 'vkeys', 'lastVerification'],
  properties: {
    org: { type: 'string' },
    size: { type: 'integer', description: 'Entries in the log (its tree head)' },
    rootHash: hex,
    checkpoint: {
      type: ['object', 'null'],
      description: 'The latest signed checkpoint, as …/log/checkpoint serves it, and what it says',
      required: ['note', 'origin', 'size', 'rootHash'],
      properties: {
        note: { type: 'string', description: 'C2SP signed note of a C2SP tlog-checkpoint' },
        origin: { type: 'string' },
        size: { type: 'integer' },
        rootHash: hex,
        signedAt: {
          ...instant,
          description:
            'When the server signed it, as recorded beside it in the database (checkpoints carry no time; not covered by the signature)',
        },
        problem: {
          type: 'string',
          description: 'Only when the note cannot be parsed; size and root hash are then the stored ones',
        },
      },
    },
    vkeys: {
      type: 'array',
      items: { type: 'string' },
      description: "The server's verifier keys, C2SP vkey format; the last one signs",
    },
    lastVerification: { oneOf: [run, { type: 'null' }] },
  },
};

/** The log's state and verification runs, for the web UI's Ledger page (issue #7). */
export const logPaths = {
  '/api/v1/orgs/{org}/log/status': {
    get: {
      summary:
        "The log's size and root, latest signed checkpoint, verifier keys and last verification (any role)",
      security: bearer,
      parameters: [orgParam],
      responses: { '200': json(status), ...errors },
    },
  },
  '/api/v1/orgs/{org}/log/verifications': {
    get: {
      summary: 'Recent verification runs, newest first (any role; the last 100 are kept)',
      security: bearer,
      parameters: [
        orgParam,
        {
          name: 'limit',
          in: 'query',
          schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        },
      ],
      responses: {
        '200': json({
          type: 'object',
          required: ['verifications'],
          properties: { verifications: { type: 'array', items: run } },
        }),
        ...errors,
      },
    },
    post: {
      summary:
        "Verify the org's log now (admin, auditor): re-hash its entries and tree nodes, check its signed checkpoints and witness file, rebuild its projections and compare, re-hash its evidence files. Answers when done; one run per org at a time (409 `conflict` meanwhile)",
      security: bearer,
      parameters: [orgParam],
      responses: {
        '201': json(run, 'the run, recorded'),
        '403': problem,
        '409': problem,
        ...errors,
      },
    },
  },
};
