import { artifact, trail } from './openapiDelivery.ts';
import { changePage } from './openapiEnvironments.ts';
import { bearer, errors, json, orgParam, pathParam } from './openapiParts.ts';

const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const query = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});
const instant = { type: 'string', format: 'date-time' };
const run = {
  type: 'object',
  required: ['environment', 'name', 'from', 'until', 'instances', 'compliant', 'unauthorised'],
  properties: {
    environment: { type: 'string', description: 'A physical environment' },
    name: { type: 'string', description: 'The name it ran under there' },
    from: instant,
    fromSnapshot: { type: 'integer' },
    fromIndex: { type: 'integer', description: 'Ledger index of the snapshot it started in' },
    until: { type: ['string', 'null'], format: 'date-time', description: 'null: still running' },
    untilSnapshot: { type: ['integer', 'null'] },
    untilIndex: { type: ['integer', 'null'] },
    instancesAtStart: { type: 'integer' },
    instances: { type: 'integer', description: 'Instances now, or when it stopped' },
    scalings: { type: 'integer', description: 'How many times it was scaled in the period' },
    compliant: { type: 'boolean', description: 'The verdict when it started' },
    reasons: { type: 'array', items: { type: 'string' } },
    unauthorised: { type: 'boolean', description: 'Started without provenance or against policy' },
    notes: { type: 'array', items: { type: 'string' }, description: 'Break-glass exceptions (absent: none)' },
    provenance: { type: 'array', items: { type: 'object' } },
  },
};
const hit = {
  type: 'object',
  required: ['kind', 'matched'],
  description:
    'environment: {environment, type}; flow: {flow, description}; trail: {flow, trail, commit, compliant}; artifact: {fingerprint, name, flow, trail, compliant} (flow, trail and compliant null for an artifact only ever seen running); evidence: {sha256, size, mediaType}',
  properties: {
    kind: { enum: ['environment', 'flow', 'trail', 'artifact', 'evidence'] },
    matched: {
      enum: ['name', 'commit', 'fingerprint', 'sha256'],
      description: 'What matched: part of the name, or a prefix of the commit, fingerprint or digest',
    },
    environment: { type: 'string' },
    type: { type: 'string' },
    flow: { type: ['string', 'null'] },
    description: { type: 'string' },
    trail: { type: ['string', 'null'] },
    commit: { type: ['string', 'null'] },
    compliant: { type: ['boolean', 'null'] },
    fingerprint: sha256,
    name: { type: 'string' },
    sha256,
    size: { type: 'integer' },
    mediaType: { type: 'string' },
  },
};

/** What the web UI navigates by: where an artifact ran, the org's change log, search (issue #7). */
export const navigationPaths = {
  '/api/v1/orgs/{org}/artifacts/{fingerprint}/runs': {
    get: {
      summary:
        'Every environment and period an artifact ran in, from the change logs; also for an artifact no trail reported',
      security: bearer,
      parameters: [orgParam, pathParam('fingerprint')],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            fingerprint: sha256,
            reported: { type: 'boolean', description: 'false: only ever seen running (no provenance)' },
            runs: { type: 'array', items: run, description: 'Newest start first' },
            truncated: { type: 'boolean', description: 'More than 5000 changes: older periods left out' },
          },
        }),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/changes': {
    get: {
      summary: 'The change log of every environment, newest first: started, stopped, scaled',
      security: bearer,
      parameters: [
        orgParam,
        query('before', 'Cursor: the `next` of the previous page'),
        query('limit', '1 to 1000 (default 100)'),
      ],
      responses: {
        '200': json(changePage),
        ...errors,
      },
    },
  },
  '/api/v1/orgs/{org}/search': {
    get: {
      summary:
        'Search by SHA prefix (5–64 hex digits: fingerprints, commits, evidence) or part of a name (environments, flows, trails, artifacts)',
      security: bearer,
      parameters: [
        orgParam,
        query(
          'q',
          '2 to 100 characters. 5–64 hex digits (`sha256:` allowed) are a prefix; anything else, and 5–6 hex digits too, is part of a name, ignoring case',
          true,
        ),
      ],
      responses: {
        '200': json({
          type: 'object',
          properties: {
            artifacts: {
              type: 'array',
              items: artifact,
              description: 'Reported artifacts whose fingerprint starts with q',
            },
            trails: { type: 'array', items: trail, description: 'Trails whose commit starts with q' },
            evidence: {
              type: 'array',
              items: { type: 'object' },
              description: 'Evidence whose digest starts with q',
            },
            hits: {
              type: 'array',
              items: hit,
              description:
                'Everything found, by kind: environments, flows, trails, artifacts, evidence; at most 50 of each',
            },
            truncated: { type: 'boolean', description: 'Some kind had more than 50 hits' },
          },
        }),
        ...errors,
      },
    },
  },
};
