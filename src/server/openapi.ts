import { approvalPaths } from './openapiApprovals.ts';
import { auditPaths } from './openapiAudit.ts';
import { deliveryPaths, flowTrails } from './openapiDelivery.ts';
import { environmentPaths } from './openapiEnvironments.ts';
import { identityPaths } from './openapiIdentity.ts';
import { inTotoPaths } from './openapiInToto.ts';
import { logPaths } from './openapiLog.ts';
import { navigationPaths } from './openapiNavigation.ts';
import { bearer, errors, hex, intQuery, orgParam, problem } from './openapiParts.ts';
import { sessionPaths, sessionSecuritySchemes } from './openapiSession.ts';
import { webhookPaths } from './openapiWebhooks.ts';

/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. Kept beside the routes and checked
 * against them by test (every route is documented, every documented path exists).
 */
export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Evident API',
      version,
      description:
        'Compliance system of record: every write is an entry in a per-organisation Merkle log (RFC 9162) with signed checkpoints (C2SP tlog-checkpoint, signed-note Ed25519). Writes return receipts; the log endpoints let anyone verify them with the verifier key alone.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token, scoped to one org and role.' },
        ...sessionSecuritySchemes,
      },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details with a stable `code`.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retrying with the same key and body returns the first receipt and appends nothing; the same key with another body is a 409 `idempotency_conflict`.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            details: { type: 'object' },
          },
        },
        Receipt: {
          type: 'object',
          required: ['index', 'leafHash', 'checkpoint', 'inclusionProof', 'replayed'],
          properties: {
            index: { type: 'integer' },
            leafHash: hex,
            checkpoint: { type: 'string', description: 'Signed checkpoint note covering the entry.' },
            inclusionProof: { $ref: '#/components/schemas/InclusionProof' },
            replayed: {
              type: 'boolean',
              description: 'True when an Idempotency-Key matched an earlier write.',
            },
          },
        },
        InclusionProof: {
          type: 'object',
          required: ['index', 'size', 'hashes'],
          properties: {
            index: { type: 'integer' },
            size: { type: 'integer' },
            hashes: { type: 'array', items: hex },
          },
        },
        Flow: {
          type: 'object',
          required: ['name', 'description', 'createdAt', 'updatedAt', 'createdIndex', 'updatedIndex'],
          properties: {
            name: { type: 'string' },
            description: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            createdIndex: { type: 'integer' },
            updatedIndex: { type: 'integer' },
          },
        },
      },
    },
    paths: {
      ...identityPaths,
      ...deliveryPaths,
      ...environmentPaths,
      ...webhookPaths,
      ...approvalPaths,
      ...auditPaths,
      ...inTotoPaths,
      ...navigationPaths,
      ...logPaths,
      ...sessionPaths,
      '/api/v1/health': {
        get: {
          summary: 'Liveness and version',
          responses: {
            '200': {
              description: 'Server is up',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
      '/api/v1/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
      '/api/v1/log/key': {
        get: {
          summary: "The server's verifier keys, C2SP signed-note vkey format, one a line",
          responses: {
            '200': { description: 'vkeys', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/api/v1/orgs/{org}/log/checkpoint': {
        get: {
          summary: 'Latest signed checkpoint of the org log (C2SP tlog-checkpoint in a signed note)',
          security: bearer,
          parameters: [orgParam],
          responses: {
            '200': { description: 'note', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...errors,
          },
        },
      },
      '/api/v1/orgs/{org}/log/entries': {
        get: {
          summary: 'Entries with start ≤ index < end (at most 1000 a call; page on)',
          security: bearer,
          parameters: [orgParam, intQuery('start', 'first index'), intQuery('end', 'index after the last')],
          responses: {
            '200': {
              description: 'entries',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['entries'],
                    properties: {
                      entries: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['index', 'leafHash', 'entry'],
                          properties: {
                            index: { type: 'integer' },
                            leafHash: hex,
                            entry: {
                              type: 'string',
                              contentEncoding: 'base64',
                              description: 'RFC 8785 canonical JSON bytes',
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/orgs/{org}/log/proofs/inclusion': {
        get: {
          summary: 'RFC 9162 §2.1.3 inclusion proof of entry `index` in the tree of `size` entries',
          security: bearer,
          parameters: [orgParam, intQuery('index', 'leaf index'), intQuery('size', 'tree size')],
          responses: {
            '200': {
              description: 'proof',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/InclusionProof' } } },
            },
            ...errors,
          },
        },
      },
      '/api/v1/orgs/{org}/log/proofs/consistency': {
        get: {
          summary: 'RFC 9162 §2.1.4 consistency proof between tree sizes `from` (≥ 1) and `to`',
          security: bearer,
          parameters: [orgParam, intQuery('from', 'older size'), intQuery('to', 'newer size')],
          responses: {
            '200': {
              description: 'proof',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['from', 'to', 'hashes'],
                    properties: {
                      from: { type: 'integer' },
                      to: { type: 'integer' },
                      hashes: { type: 'array', items: hex },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/orgs/{org}/flows': {
        get: {
          summary: 'List flows by name (cursor pagination: pass `next` as `after`)',
          security: bearer,
          parameters: [
            orgParam,
            { name: 'after', in: 'query', schema: { type: 'string' } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            },
          ],
          responses: {
            '200': {
              description: 'a page of flows',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['flows', 'next'],
                    properties: {
                      flows: {
                        type: 'array',
                        items: {
                          allOf: [
                            { $ref: '#/components/schemas/Flow' },
                            { type: 'object', required: ['trails'], properties: { trails: flowTrails } },
                          ],
                        },
                      },
                      next: { type: ['string', 'null'] },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/orgs/{org}/flows/{name}': {
        get: {
          summary: 'One flow',
          security: bearer,
          parameters: [orgParam, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'the flow',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { flow: { $ref: '#/components/schemas/Flow' } } },
                },
              },
            },
            ...errors,
          },
        },
        put: {
          summary: 'Create or update a flow (roles admin, writer); answers with the ledger receipt',
          security: bearer,
          parameters: [
            orgParam,
            {
              name: 'name',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
            },
            { $ref: '#/components/parameters/IdempotencyKey' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    description: { type: 'string', maxLength: 2000 },
                    template: {
                      type: ['string', 'null'],
                      description: 'YAML or JSON flow template for trails begun from now on; null removes it',
                    },
                  },
                  additionalProperties: false,
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'saved',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['flow', 'receipt'],
                    properties: {
                      flow: { $ref: '#/components/schemas/Flow' },
                      receipt: { $ref: '#/components/schemas/Receipt' },
                    },
                  },
                },
              },
            },
            '403': problem,
            '409': problem,
            '413': problem,
            ...errors,
          },
        },
      },
    },
  };
}
