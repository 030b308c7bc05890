import { bearer, errors, json, jsonBody, orgParam, pathParam, problem, receipt } from './openapiParts.ts';

const named = [orgParam, pathParam('name')];
const idempotent = { $ref: '#/components/parameters/IdempotencyKey' };
const writes = { ...errors, '403': problem, '409': problem, '413': problem };
const instant = { type: 'string', format: 'date-time' };
const events = {
  type: 'array',
  items: { enum: ['unauthorised_change', 'break_glass'] },
  description: 'What it is told about (default: unauthorised_change)',
};
const webhook = {
  type: 'object',
  required: ['id', 'name', 'kind', 'events', 'environments', 'origin', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'integer', description: 'Index of the ledger entry that created it' },
    name: { type: 'string' },
    kind: { enum: ['generic', 'slack'] },
    events,
    environments: {
      type: 'array',
      items: { type: 'string' },
      description: 'Environments it is told about (a logical one stands for its members); empty: all',
    },
    origin: {
      type: 'string',
      description: 'scheme://host[:port] of its URL; the full URL and the secret are never shown',
    },
    createdAt: instant,
    updatedAt: instant,
  },
};
const delivery = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      description: 'Also sent as the `Evident-Delivery` header, the same on every retry',
    },
    event: { enum: ['unauthorised_change', 'break_glass'] },
    environment: { type: 'string' },
    status: { enum: ['pending', 'delivered', 'failed', 'cancelled'] },
    createdAt: instant,
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
    payload: {
      type: 'object',
      description: 'The JSON a generic webhook receives',
      properties: {
        type: { enum: ['unauthorised_change', 'break_glass'] },
        org: { type: 'string' },
        environment: { type: 'string' },
        change: { type: 'object', description: 'The change-log line, as in …/environments/{name}/changes' },
        exception: {
          type: 'object',
          description: 'break_glass: the exception (id, fingerprint, by, reason), as in …/approvals/{id}',
        },
        occurredAt: instant,
      },
    },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          startedAt: instant,
          finishedAt: instant,
          statusCode: { type: ['integer', 'null'], description: "The receiver's HTTP status" },
          error: { type: ['string', 'null'], description: 'Why the attempt failed' },
        },
      },
    },
  },
};

/** Webhook notifications (issue #5 §5); README "Webhooks" describes the signature. */
export const webhookPaths = {
  '/api/v1/orgs/{org}/webhooks': {
    get: {
      summary: 'Every webhook, without URLs or secrets (admin, auditor)',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json({ type: 'object', properties: { webhooks: { type: 'array', items: webhook } } }),
        '403': problem,
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/webhooks/{name}': {
    put: {
      summary:
        'Create or update a webhook (admin). A generic one signs with a secret: given, or generated and answered once',
      security: bearer,
      parameters: [...named, idempotent],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          kind: { enum: ['generic', 'slack'], description: 'Default generic; Slack gets `{text}` messages' },
          url: {
            type: 'string',
            maxLength: 2048,
            description: 'http(s), no user or password; required to create. Kept outside the ledger',
          },
          secret: {
            type: 'string',
            minLength: 32,
            maxLength: 256,
            description: 'HMAC key of a generic webhook (visible ASCII); left out: kept, or generated',
          },
          events,
          environments: { type: 'array', items: { type: 'string' }, description: 'Empty: all' },
        },
        additionalProperties: false,
      }),
      responses: {
        '200': json(
          { type: 'object', properties: { webhook, secret: { type: 'string' }, receipt } },
          'updated',
        ),
        '201': json(
          {
            type: 'object',
            properties: {
              webhook,
              secret: { type: 'string', description: 'Only when generated: shown this once' },
              receipt,
            },
          },
          'created',
        ),
        ...writes,
      },
    },
    delete: {
      summary: 'Delete a webhook (admin): nothing more is sent to it',
      security: bearer,
      parameters: named,
      responses: { '200': json({ type: 'object', properties: { receipt } }), '403': problem, ...errors },
    },
  },
  '/api/v1/orgs/{org}/webhooks/{name}/deliveries': {
    get: {
      summary: 'The delivery log: deliveries with every attempt, newest first (admin, auditor)',
      security: bearer,
      parameters: [
        ...named,
        {
          name: 'before',
          in: 'query',
          description: 'Cursor: the `next` of the previous page',
          schema: { type: 'string' },
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            deliveries: { type: 'array', items: delivery },
            next: { type: ['string', 'null'] },
          },
        }),
        '403': problem,
        ...errors,
      },
    },
  },
};
