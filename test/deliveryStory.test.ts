// Issue #3 "Done means": a pipeline told over HTTP — flow with a template → trail → artifact →
// JUnit, SARIF and pull-request attestations with their files as evidence — leaves a compliant
// artifact; a failing test report makes it non-compliant with reasons; verify still passes.
// Runs on SQLite and on a real PostgreSQL, with real tool output from ../shared/samples.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { buildApp } from '../src/server/buildApp.ts';
import { verifyLedger } from '../src/service/verify/verifyLedger.ts';
import { backends } from './support/backends.ts';
import { TEST_KEY, TEST_ORIGIN, testServices } from './support/services.ts';

const SAMPLES = new URL('../../shared/samples/', import.meta.url);
const sample = (path: string) => readFileSync(new URL(path, SAMPLES));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const system = { type: 'system' } as const;
const FINGERPRINT = sha(Buffer.from('api-image v1.4.2'));
const COMMIT = '8f14e45fceea167a5a36dedd4bea2543c0f8f3d1';

const TEMPLATE = `
version: 1
trail:
  attestations:
    - { name: pull-request, type: pull_request }
  artifacts:
    - name: api-image
      attestations:
        - { name: unit-tests, type: junit }
        - { name: sast, type: sarif, params: { failOn: error } }
`;

for (const backend of backends()) {
  describe(`a delivery recorded over HTTP on ${backend.name}`, { skip: backend.skip }, () => {
    test('compliant with passing evidence, non-compliant with a failing test report, and it all verifies', async () => {
      const database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      const services = testServices(database);
      const app = buildApp({ services, version: 'test', now: () => Date.now() });
      try {
        await services.access.createOrg('acme', system);
        await services.access.createOrg('other', system);
        const { secret: writer, id: writerId } = await services.access.createToken(
          'acme',
          { role: 'writer', description: '', expiresAt: null },
          system,
        );
        const reader = (
          await services.access.createToken(
            'acme',
            { role: 'reader', description: '', expiresAt: null },
            system,
          )
        ).secret;
        const stranger = (
          await services.access.createToken(
            'other',
            { role: 'admin', description: '', expiresAt: null },
            system,
          )
        ).secret;
        const call = async (method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown, token = writer) => {
          const response = await app.inject({
            method,
            url: `/api/v1/orgs/acme${url}`,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body !== undefined && { 'content-type': 'application/json' }),
            },
            ...(body !== undefined && { payload: JSON.stringify(body) }),
          });
          return {
            status: response.statusCode,
            body: response.json<Record<string, unknown>>(),
            raw: response,
          };
        };
        const upload = async (bytes: Buffer, digest = sha(bytes), token = writer) =>
          app.inject({
            method: 'PUT',
            url: `/api/v1/orgs/acme/evidence/${digest}`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
            payload: bytes,
          });

        assert.equal(
          (await call('PUT', '/flows/payments-api', { description: 'Payments', template: TEMPLATE })).status,
          201,
        );
        const flow = (await call('GET', '/flows/payments-api')).body.flow as { templateVersion: number };
        assert.equal(flow.templateVersion, 1);
        assert.equal(
          (
            await call('PUT', '/flows/payments-api/trails/build-17', {
              commit: { sha: COMMIT, author: 'alice' },
            })
          ).status,
          201,
        );
        assert.equal(
          (
            await call('POST', '/flows/payments-api/trails/build-17/artifacts', {
              fingerprint: `sha256:${FINGERPRINT}`,
              name: 'api-image',
            })
          ).status,
          201,
        );

        const passing = sample('junit/vitest-junit-passing.xml');
        const failing = sample('junit/surefire-junit4-failures.xml');
        const sarif = sample('sarif/trivy-image-alpine-3.10.sarif');
        assert.equal((await upload(passing)).statusCode, 201);
        assert.equal((await upload(passing)).statusCode, 200, 'stored once');
        assert.equal((await upload(failing)).statusCode, 201);
        assert.equal((await upload(sarif)).statusCode, 201);
        assert.equal(
          (await upload(Buffer.from('other bytes'), sha(passing))).statusCode,
          422,
          'digest mismatch',
        );
        assert.equal((await upload(Buffer.from('x'), sha(Buffer.from('x')), reader)).statusCode, 403);

        const attest = (body: Record<string, unknown>) =>
          call('POST', '/flows/payments-api/trails/build-17/attestations', body);
        const tests = await attest({
          name: 'unit-tests',
          type: 'junit',
          artifact: { fingerprint: FINGERPRINT },
          evidence: [{ sha256: sha(passing), name: 'junit.xml' }],
        });
        assert.equal(tests.status, 201);
        assert.deepEqual((tests.body.attestation as { summary: { tests: number } }).summary.tests, 5);
        assert.equal(
          (
            await attest({
              name: 'sast',
              type: 'sarif',
              artifact: { name: 'api-image' },
              evidence: [{ sha256: sha(sarif), name: 'trivy.sarif' }],
            })
          ).status,
          201,
        );
        let trail = (await call('GET', '/flows/payments-api/trails/build-17')).body as {
          trail: { compliant: boolean; reasons: string[] };
          artifacts: { compliant: boolean; reasons: string[] }[];
        };
        assert.equal(trail.artifacts[0]?.compliant, true, trail.artifacts[0]?.reasons.join('; '));
        assert.equal(trail.trail.compliant, false, 'the pull request is still missing');
        assert.match(trail.trail.reasons.join('\n'), /pull-request/);

        const pr = await attest({
          name: 'pull-request',
          type: 'pull_request',
          data: {
            provider: 'github',
            url: 'https://github.com/acme/payments/pull/42',
            state: 'merged',
            author: 'alice',
            approvers: ['bob'],
          },
        });
        assert.equal(pr.status, 201, JSON.stringify(pr.body));
        trail = (await call('GET', '/flows/payments-api/trails/build-17')).body as typeof trail;
        assert.equal(trail.trail.compliant, true, trail.trail.reasons.join('; '));

        // A failing run of the same tests: the latest of the name wins, and the reasons say why.
        await attest({
          name: 'unit-tests',
          type: 'junit',
          artifact: { fingerprint: FINGERPRINT },
          evidence: [{ sha256: sha(failing), name: 'TEST-FailingTest.xml' }],
        });
        const artifact = (await call('GET', `/artifacts/${FINGERPRINT}`)).body as {
          reports: {
            artifact: { compliant: boolean; reasons: string[] };
            trail: { name: string; compliant: boolean };
            attestations: { name: string; compliant: boolean; recordedBy: unknown }[];
          }[];
        };
        const report = artifact.reports[0]!;
        assert.equal(report.artifact.compliant, false);
        assert.match(
          report.artifact.reasons.join('\n'),
          /"unit-tests" \(junit\) is not compliant: .*2 fail/i,
        );
        assert.deepEqual(
          report.attestations.map((a) => [a.name, a.compliant]),
          [
            ['unit-tests', true],
            ['sast', true],
            ['unit-tests', false],
          ],
          'every attestation stays visible',
        );
        // Each report comes with its trail, and each attestation with who recorded it (its entry's actor).
        assert.deepEqual([report.trail.name, report.trail.compliant], ['build-17', false]);
        for (const a of report.attestations)
          assert.deepEqual(a.recordedBy, { type: 'token', id: writerId, role: 'writer' });
        trail = (await call('GET', '/flows/payments-api/trails/build-17')).body as typeof trail;
        assert.equal(trail.trail.compliant, false);

        // Evidence comes back byte for byte; other orgs and missing files are 404; search finds things.
        const download = await app.inject({
          method: 'GET',
          url: `/api/v1/orgs/acme/evidence/${sha(sarif)}`,
          headers: { authorization: `Bearer ${reader}` },
        });
        assert.equal(download.statusCode, 200);
        assert.equal(sha(download.rawPayload), sha(sarif));
        const foreign = await app.inject({
          method: 'GET',
          url: `/api/v1/orgs/acme/evidence/${sha(sarif)}`,
          headers: { authorization: `Bearer ${stranger}` },
        });
        assert.equal(foreign.statusCode, 404);
        const missing = await attest({
          name: 'x',
          type: 'junit',
          evidence: [{ sha256: sha(Buffer.from('never')), name: 'x' }],
        });
        assert.equal(missing.status, 400);
        for (const prefix of [FINGERPRINT.slice(0, 7), COMMIT.slice(0, 8), sha(failing).slice(0, 10)]) {
          const found = (await call('GET', `/search?q=${prefix}`, undefined, reader)).body as Record<
            string,
            unknown[]
          >;
          const { artifacts = [], trails = [], evidence = [] } = found;
          assert.equal([artifacts, trails, evidence].flat().length, 1, `search ${prefix}`);
        }
        assert.equal(
          (await call('GET', '/search?q=a', undefined, reader)).status,
          400,
          'at least 2 characters',
        );

        // A user-defined type (DESIGN §4 "custom attestation type"), versioned; judged by its rules.
        const coverage =
          'name: coverage\nschema: { type: object, required: [line], properties: { line: { type: number } } }\nrules: [ "data.line >= 80.0" ]\n';
        assert.equal(
          (await call('PUT', '/attestation-types/coverage', { definition: coverage }, reader)).status,
          403,
        );
        assert.equal(
          (
            await call('PUT', '/attestation-types/coverage', {
              definition: 'name: other\nschema: true\nrules: []',
            })
          ).status,
          403,
          'writers do not define types',
        );
        const admin = (
          await services.access.createToken(
            'acme',
            { role: 'admin', description: '', expiresAt: null },
            system,
          )
        ).secret;
        assert.equal(
          (await call('PUT', '/attestation-types/coverage', { definition: coverage }, admin)).status,
          201,
        );
        const judged = async (line: number) =>
          (await attest({ name: 'coverage', type: 'custom:coverage', data: { line } })).body.attestation as {
            compliant: boolean;
            reasons: string[];
          };
        assert.equal((await judged(85.5)).compliant, true);
        assert.equal((await judged(70)).compliant, false);
        const unknownType = (await attest({ name: 'cov2', type: 'custom:nosuchtype', data: {} })).body
          .attestation as {
          compliant: boolean;
          reasons: string[];
        };
        assert.deepEqual(
          [unknownType.compliant, unknownType.reasons],
          [false, ['custom type "nosuchtype" is not defined']],
        );

        // Readers write nothing.
        for (const [method, url, body] of [
          ['PUT', '/flows/payments-api/trails/build-18', {}],
          [
            'POST',
            '/flows/payments-api/trails/build-17/artifacts',
            { fingerprint: FINGERPRINT, name: 'api-image' },
          ],
          ['POST', '/flows/payments-api/trails/build-17/attestations', { name: 'x', type: 'generic' }],
        ] as const) {
          assert.equal((await call(method, url, body, reader)).status, 403, `${method} ${url}`);
        }

        // The flows list says how each flow's trails stand, for all flows at once.
        assert.equal((await call('PUT', '/flows/payments-api/trails/build-18', {})).status, 201);
        assert.equal((await call('PUT', '/flows/docs', {})).status, 201);
        assert.equal((await call('PUT', '/flows/docs/trails/d1', {})).status, 201);
        assert.equal((await call('PUT', '/flows/empty', {})).status, 201);
        const listed = (await call('GET', '/flows', undefined, reader)).body as {
          flows: {
            name: string;
            trails: {
              count: number;
              compliant: number;
              nonCompliant: number;
              latest: { name: string } | null;
              recent: { name: string; compliant: boolean }[];
            };
          }[];
        };
        assert.deepEqual(
          listed.flows.map((f) => [f.name, f.trails.count, f.trails.compliant, f.trails.nonCompliant]),
          [
            ['docs', 1, 1, 0],
            ['empty', 0, 0, 0],
            ['payments-api', 2, 0, 2],
          ],
        );
        const payments = listed.flows.find((f) => f.name === 'payments-api')?.trails;
        assert.equal(payments?.latest?.name, 'build-18', 'the trail that began last');
        assert.deepEqual(payments.recent, [
          { name: 'build-18', compliant: false },
          { name: 'build-17', compliant: false },
        ]);
        assert.deepEqual(listed.flows[1]?.trails, {
          count: 0,
          compliant: 0,
          nonCompliant: 0,
          latest: null,
          recent: [],
        });

        const verified = await verifyLedger({ database, vkeys: [TEST_KEY.vkey], external: [], now: () => 0 });
        assert.deepEqual(verified.findings, []);
      } finally {
        await app.close();
        await database.close();
      }
    });
  });
}
