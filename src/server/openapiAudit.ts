import { bearer, errors, orgParam, problem } from './openapiParts.ts';

const query = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});

/** The audit package endpoint (issue #8, docs/audit-package.md). */
export const auditPaths = {
  '/api/v1/orgs/{org}/audit-package': {
    get: {
      summary:
        'A reproducible, offline-verifiable audit package (.tar.gz) of an artifact, a trail, or an environment over [from, until]',
      description:
        'Name the subject with `artifact`, or `flow` and `trail`, or `environment`, `from` and `until`. The package holds every relevant ledger entry with its inclusion proof against the latest signed checkpoint, the evidence its attestations reference, the definitions in force, a report (JSON and HTML) and a manifest. Verify it with `evident verify package FILE --vkey KEY`. The same log state and subject give the same bytes. Any role of the org.',
      security: bearer,
      parameters: [
        orgParam,
        query('artifact', 'SHA-256 fingerprint (64 hex digits, "sha256:" allowed)'),
        query('flow', 'flow of the trail'),
        query('trail', 'trail name'),
        query('environment', 'environment name'),
        query('from', 'start of the range: ISO 8601 with Z or an offset'),
        query('until', 'end of the range (inclusive): ISO 8601 with Z or an offset'),
      ],
      responses: {
        '200': {
          description:
            'The package, `Content-Disposition: attachment; filename="evident-audit-<subject>-<checkpoint size>.tar.gz"`; the header `Evident-Checkpoint-Size` says the size of the checkpoint it is built on.',
          content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
        },
        '413': problem,
        ...errors,
      },
    },
  },
};
