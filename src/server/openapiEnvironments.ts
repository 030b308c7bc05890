import { bearer, errors, json, jsonBody, orgParam, pathParam, problem, receipt } from './openapiParts.ts';

const sha256 = { type: 'string', pattern: '^(sha256:)?[0-9a-fA-F]{64}$' };
const named = [orgParam, pathParam('name')];
const idempotent = { $ref: '#/components/parameters/IdempotencyKey' };
const writes = { ...errors, '403': problem, '409': problem, '413': problem };
const query = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});
const verdict = {
  compliant: { type: 'boolean' },
  reasons: { type: 'array', items: { type: 'string' } },
  notes: {
    type: 'array',
    items: { type: 'string' },
    description: 'Break-glass exceptions it stands on (absent when none)',
  },
};
const provenance = {
  type: 'array',
  description: 'The trails that reported the fingerprint (empty: no provenance)',
  items: {
    type: 'object',
    properties: { flow: { type: 'string' }, trail: { type: 'string' }, name: { type: 'string' } },
  },
};
const environment = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: { enum: ['k8s', 'ecs', 'lambda', 's3', 'server', 'docker', 'logical'] },
    description: { type: 'string' },
    includes: { type: 'array', items: { type: 'string' } },
    policies: { type: 'array', items: { type: 'string' } },
    snapshots: { type: 'integer', description: 'Number of the latest snapshot (0: none yet)' },
    compliant: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    lastSeenAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'Last report (not in the ledger)',
    },
    running: {
      type: 'integer',
      description: 'Artifacts (name and fingerprint) in the current snapshot; of a logical one, its members’',
    },
    lastSnapshotAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description:
        'When the current snapshot was reported (logical: its members’ latest); null before the first',
    },
  },
};
const snapshot = {
  type: 'object',
  description: 'A snapshot with the verdict in force; for a logical environment, `members` instead',
  properties: {
    environment: { type: 'string' },
    number: { type: 'integer' },
    at: { type: 'string', format: 'date-time', description: 'When this running set was reported' },
    until: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'When the next snapshot replaced it; null while it is the latest',
    },
    index: { type: 'integer' },
    compliant: { type: 'boolean' },
    evaluatedAt: { type: 'string', format: 'date-time', description: 'When this verdict was reached' },
    laterVerdict: {
      type: 'object',
      description:
        'Asked for by number or back: the newest verdict on this snapshot, when it was judged again after it was reported',
      properties: { compliant: { type: 'boolean' }, evaluatedAt: { type: 'string', format: 'date-time' } },
    },
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          fingerprint: sha256,
          instances: { type: 'integer' },
          ...verdict,
          unauthorised: {
            type: 'boolean',
            description:
              'The change that last started it here was flagged unauthorised; it stays so until it stops',
          },
          provenance,
        },
      },
    },
    members: { type: 'array', items: { type: 'object' } },
  },
};
/** One line of a change log. */
export const change = {
  type: 'object',
  properties: {
    environment: { type: 'string' },
    snapshot: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    index: { type: 'integer' },
    kind: { enum: ['started', 'stopped', 'scaled'] },
    name: { type: 'string' },
    fingerprint: sha256,
    instancesBefore: { type: 'integer' },
    instancesAfter: { type: 'integer' },
    ...verdict,
    unauthorised: { type: 'boolean', description: 'Started without provenance or against policy' },
    provenance,
  },
};
/** A page of a change log, newest first, with the cursor of the next (older) page. */
export const changePage = {
  type: 'object',
  properties: { changes: { type: 'array', items: change }, next: { type: ['string', 'null'] } },
};
const policyVersion = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    source: { type: 'string' },
    policy: { type: 'object' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** Environments, snapshots, change logs, policies and gates (issue #5). */
export const environmentPaths = {
  '/api/v1/orgs/{org}/environments': {
    get: {
      summary: 'Every environment with the compliance of what runs there now',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json({ type: 'object', properties: { environments: { type: 'array', items: environment } } }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/environments/{name}': {
    get: {
      summary: 'One environment',
      security: bearer,
      parameters: named,
      responses: { '200': json(environment), ...errors },
    },
    put: {
      summary: 'Create or update an environment (admin); its type is fixed once created',
      security: bearer,
      parameters: [...named, idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['type'],
        properties: {
          type: environment.properties.type,
          description: { type: 'string' },
          includes: { type: 'array', items: { type: 'string' }, description: 'Members of a logical one' },
          policies: { type: 'array', items: { type: 'string' }, description: 'Policies it follows' },
        },
      }),
      responses: {
        '200': json({ type: 'object', properties: { environment, receipt } }, 'updated'),
        '201': json({ type: 'object', properties: { environment, receipt } }, 'created'),
        ...writes,
      },
    },
  },
  '/api/v1/orgs/{org}/environments/{name}/snapshot': {
    get: {
      summary:
        'The snapshot running now, #number, `back` from the latest, or at an instant, with its compliance',
      security: bearer,
      parameters: [
        ...named,
        query('at', 'ISO 8601 instant with Z or an offset, a date, `now`, or `N.unit.ago`'),
        query('number', 'Snapshot number (from 1)'),
        query('back', 'How many snapshots before the latest'),
      ],
      responses: { '200': json(snapshot), ...errors },
    },
    put: {
      summary:
        'Report what runs in the environment (admin, reporter); recorded as a new snapshot only when the set changed',
      security: bearer,
      parameters: [...named, idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['artifacts'],
        properties: {
          observedAt: {
            type: 'string',
            format: 'date-time',
            description: 'When the reporter saw this set (a report sent late, after an outage); default now',
          },
          artifacts: {
            type: 'array',
            maxItems: 5000,
            items: {
              type: 'object',
              required: ['name', 'fingerprint'],
              properties: {
                name: { type: 'string' },
                fingerprint: sha256,
                instances: { type: 'integer', minimum: 1 },
              },
            },
          },
        },
      }),
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              changed: { const: false },
              snapshot: { type: 'integer' },
              receipt: { type: 'null' },
            },
          },
          'unchanged: last seen refreshed, nothing recorded',
        ),
        '201': json(
          {
            type: 'object',
            properties: { changed: { const: true }, snapshot: { type: 'integer' }, receipt },
          },
          'a new snapshot',
        ),
        ...writes,
      },
    },
  },
  '/api/v1/orgs/{org}/environments/{name}/changes': {
    get: {
      summary:
        'The change log: artifacts started, stopped, scaled, with provenance and compliance; newest first',
      security: bearer,
      parameters: [
        ...named,
        query('since', 'Instant (as for snapshots)'),
        query('until', 'Instant (as for snapshots)'),
        query('before', 'Cursor: the `next` of the previous page'),
        query('limit', '1 to 1000 (default 100)'),
      ],
      responses: {
        '200': json(changePage),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/environments/{name}/check': {
    get: {
      summary: "Would this artifact comply with the environment's policies if it ran there now? (a gate)",
      security: bearer,
      parameters: [...named, query('fingerprint', 'SHA-256 of the artifact', true)],
      responses: { '200': json({ type: 'object', properties: verdict }), ...errors },
    },
  },
  '/api/v1/orgs/{org}/snapshots/diff': {
    get: {
      summary: 'What changed between two snapshots, also of different environments',
      security: bearer,
      parameters: [
        orgParam,
        query('from', 'ENV, ENV#N, ENV~N or ENV@{instant}', true),
        query('to', 'ENV, ENV#N, ENV~N or ENV@{instant}', true),
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            from: { type: 'object' },
            to: { type: 'object' },
            changes: { type: 'array', items: { type: 'object' } },
          },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/policies': {
    get: {
      summary: 'The latest version of every policy',
      security: bearer,
      parameters: [orgParam],
      responses: {
        '200': json({
          type: 'object',
          properties: { policies: { type: 'array', items: { type: 'object' } } },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/policies/{name}': {
    get: {
      summary: 'Every version of a policy, oldest first',
      security: bearer,
      parameters: named,
      responses: {
        '200': json({ type: 'object', properties: { versions: { type: 'array', items: policyVersion } } }),
        ...errors,
      },
    },
    put: {
      summary:
        'Create the next version of a policy (admin); versions are immutable, the same text again creates nothing',
      security: bearer,
      parameters: [...named, idempotent],
      requestBody: jsonBody({
        type: 'object',
        required: ['source'],
        properties: { source: { type: 'string', description: 'The policy in YAML or JSON' } },
      }),
      responses: {
        '200': json({ type: 'object' }, 'unchanged: the latest version has this text'),
        '201': json(
          { type: 'object', properties: { name: { type: 'string' }, version: { type: 'integer' }, receipt } },
          'created',
        ),
        ...writes,
      },
    },
  },
};
