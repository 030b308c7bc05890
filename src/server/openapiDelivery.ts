import { RECENT_TRAILS } from '../core/model/flow.ts';
import {
  actor,
  bearer,
  errors,
  json,
  jsonBody,
  orgParam,
  pathParam,
  problem,
  receipt,
} from './openapiParts.ts';

const sha256 = { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' };
const trailPath = [orgParam, pathParam('flow'), pathParam('trail')];
const writes = { ...errors, '403': problem, '409': problem, '413': problem, '422': problem };
const compliance = {
  compliant: { type: 'boolean' },
  reasons: { type: 'array', items: { type: 'string' } },
};
export const trail = {
  type: 'object',
  properties: {
    flow: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    commit: { type: ['object', 'null'] },
    originUrl: { type: ['string', 'null'] },
    userData: {},
    template: { type: ['object', 'null'] },
    ...compliance,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    createdIndex: { type: 'integer' },
  },
};
/** How a flow's trails stand: what the flows list gives with each flow (core/model/flow.ts FlowTrails). */
export const flowTrails = {
  type: 'object',
  required: ['count', 'compliant', 'nonCompliant', 'latest', 'recent'],
  description: 'How the trails of the flow stand, for the whole page in one query',
  properties: {
    count: { type: 'integer', description: 'Every trail of the flow' },
    compliant: { type: 'integer', description: 'How many of them are compliant now' },
    nonCompliant: { type: 'integer', description: 'How many of them are not' },
    latest: { oneOf: [trail, { type: 'null' }], description: 'The trail that began last' },
    recent: {
      type: 'array',
      maxItems: RECENT_TRAILS,
      description: `The verdicts of the newest trails (at most ${RECENT_TRAILS}), newest first`,
      items: {
        type: 'object',
        required: ['name', 'compliant'],
        properties: { name: { type: 'string' }, compliant: { type: 'boolean' } },
      },
    },
  },
};
export const artifact = {
  type: 'object',
  properties: {
    flow: { type: 'string' },
    trail: { type: 'string' },
    fingerprint: sha256,
    name: { type: 'string' },
    filename: { type: ['string', 'null'] },
    commit: { type: ['string', 'null'] },
    buildUrl: { type: ['string', 'null'] },
    repository: { type: ['string', 'null'] },
    ...compliance,
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const attestation = {
  type: 'object',
  properties: {
    index: { type: 'integer', description: 'Ledger index of the attestation.recorded event' },
    name: { type: 'string' },
    type: { type: 'string' },
    target: { type: ['object', 'null'] },
    evidence: { type: 'array', items: { type: 'object' } },
    data: {},
    ...compliance,
    claimed: { type: 'boolean', description: 'The verdict is the client’s claim (generic), not computed' },
    summary: { type: 'object', description: 'What the server found in the evidence (counts…)' },
    createdAt: { type: 'string', format: 'date-time' },
    recordedBy: {
      ...actor,
      description: 'Who recorded it: the `actor` of its ledger entry (the entry at `index`)',
    },
  },
};

/** Trails, artifacts, attestations and evidence (issue #3); search is in openapiNavigation.ts. */
export const deliveryPaths = {
  '/api/v1/orgs/{org}/flows/{flow}/trails': {
    get: {
      summary: 'Trails of a flow with their compliance, newest first (page with `before`)',
      security: bearer,
      parameters: [orgParam, pathParam('flow'), { name: 'before', in: 'query', schema: { type: 'string' } }],
      responses: {
        '200': json({
          type: 'object',
          properties: { trails: { type: 'array', items: trail }, next: { type: ['string', 'null'] } },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/flows/{flow}/trails/{trail}': {
    get: {
      summary: 'A trail with its artifacts, every attestation, and compliance with reasons',
      security: bearer,
      parameters: trailPath,
      responses: {
        '200': json({
          type: 'object',
          properties: {
            trail,
            artifacts: { type: 'array', items: artifact },
            attestations: { type: 'array', items: attestation },
          },
        }),
        ...errors,
      },
    },
    put: {
      summary: 'Begin or update a trail (admin, writer): git commit facts, origin, user data, own template',
      security: bearer,
      parameters: [...trailPath, { $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          description: { type: 'string' },
          commit: { type: 'object', required: ['sha'], properties: { sha: { type: 'string' } } },
          originUrl: { type: 'string' },
          userData: {},
          template: { type: 'string', description: 'YAML or JSON flow template for this trail only' },
        },
      }),
      responses: {
        '200': json({ type: 'object', properties: { trail, receipt } }, 'updated'),
        '201': json({ type: 'object', properties: { trail, receipt } }, 'created'),
        ...writes,
      },
    },
  },
  '/api/v1/orgs/{org}/flows/{flow}/trails/{trail}/artifacts': {
    post: {
      summary: 'Report an artifact built in the trail (admin, writer)',
      security: bearer,
      parameters: [...trailPath, { $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: jsonBody({
        type: 'object',
        required: ['fingerprint', 'name'],
        properties: {
          fingerprint: sha256,
          name: { type: 'string', description: 'The artifact’s name in the template' },
          filename: { type: 'string' },
          commit: { type: 'string' },
          buildUrl: { type: 'string' },
          repository: { type: 'string' },
        },
      }),
      responses: { '201': json({ type: 'object', properties: { receipt } }, 'recorded'), ...writes },
    },
  },
  '/api/v1/orgs/{org}/flows/{flow}/trails/{trail}/attestations': {
    post: {
      summary:
        'Record an attestation (admin, writer); the server evaluates it from the stored evidence with the template’s params',
      security: bearer,
      parameters: [...trailPath, { $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: jsonBody({
        type: 'object',
        required: ['name', 'type'],
        properties: {
          name: { type: 'string' },
          type: {
            type: 'string',
            description: 'generic, junit, sarif, snyk, trivy, pull_request, jira or custom:<name>',
          },
          artifact: {
            oneOf: [
              { type: 'object', required: ['fingerprint'], properties: { fingerprint: sha256 } },
              { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
            ],
          },
          evidence: {
            type: 'array',
            items: {
              type: 'object',
              required: ['sha256', 'name'],
              properties: { sha256, name: { type: 'string' } },
            },
          },
          data: {},
        },
      }),
      responses: {
        '201': json({ type: 'object', properties: { attestation, receipt } }, 'recorded'),
        ...writes,
      },
    },
  },
  '/api/v1/orgs/{org}/evidence/{sha256}': {
    put: {
      summary: 'Store an evidence file by its SHA-256 (admin, writer): streamed, verified, deduplicated',
      security: bearer,
      parameters: [orgParam, pathParam('sha256')],
      requestBody: { required: true, content: { '*/*': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '200': json({ type: 'object' }, 'already stored'),
        '201': json({ type: 'object', properties: { sha256, size: { type: 'integer' }, receipt } }, 'stored'),
        ...writes,
      },
    },
    get: {
      summary: 'Download an evidence file',
      security: bearer,
      parameters: [orgParam, pathParam('sha256')],
      responses: { '200': { description: 'the bytes, with their media type' }, ...errors },
    },
  },
  '/api/v1/orgs/{org}/artifacts/{fingerprint}': {
    get: {
      summary:
        'Everything known about an artifact: every trail that reported it, with attestations and compliance',
      security: bearer,
      parameters: [orgParam, pathParam('fingerprint')],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            fingerprint: sha256,
            reports: {
              type: 'array',
              description: 'Every trail that reported it, oldest report first',
              items: {
                type: 'object',
                properties: {
                  artifact,
                  trail,
                  attestations: {
                    type: 'array',
                    description: 'The attestations of the trail about this artifact',
                    items: attestation,
                  },
                },
              },
            },
          },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/attestation-types': {
    get: {
      summary: 'Every version of every user-defined attestation type (custom:<name>)',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json({ type: 'object', properties: { types: { type: 'array', items: { type: 'object' } } } }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/attestation-types/{name}': {
    put: {
      summary:
        'Define a new version of a custom attestation type (admin): YAML or JSON with name, schema (JSON Schema) and rules (CEL)',
      security: bearer,
      parameters: [orgParam, pathParam('name')],
      requestBody: jsonBody({
        type: 'object',
        required: ['definition'],
        properties: { definition: { type: 'string' } },
      }),
      responses: {
        '201': json(
          { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' }, receipt } },
          'defined',
        ),
        ...writes,
      },
    },
  },
};
