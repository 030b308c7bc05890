// An artifact's audit package holds its trail whole: a trail whose template asks for two artifacts
// is compliant only with both, so packaging the one in focus alone would make its run in prod look
// non-compliant in the report. The package verifies, and its report judges as the server does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { untarPackage } from '../src/cli/audit/untarPackage.ts';
import type { AuditReport } from '../src/core/audit/auditReport.ts';
import { verifyPackage } from '../src/core/audit/verifyPackage.ts';
import { openDatabase } from '../src/storage/openDatabase.ts';
import { TEST_KEY, testServices } from './support/services.ts';

const system = { type: 'system' } as const;
const API = 'a1'.repeat(32);
const WORKER = 'b2'.repeat(32);
const TEMPLATE = `version: 1
trail:
  artifacts:
    - name: api
      attestations: [ { name: unit-tests, type: generic } ]
    - name: worker
`;
const POLICY =
  'version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\n';

test('an artifact package carries every artifact of its trail, and judges the run as the server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evident-audit-service-'));
  const database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  try {
    const services = testServices(database, { evidenceDir: join(dir, 'evidence') });
    await services.access.createOrg('acme', system);
    await services.flows.save('acme', { name: 'payments', description: '', template: TEMPLATE }, system);
    await services.delivery.saveTrail('acme', { flow: 'payments', name: 'build-1' }, system);
    for (const [name, fingerprint] of [
      ['api', API],
      ['worker', WORKER],
    ] as const)
      await services.delivery.reportArtifact(
        'acme',
        { flow: 'payments', trail: 'build-1', fingerprint, name },
        system,
      );
    await services.delivery.attest(
      'acme',
      {
        flow: 'payments',
        trail: 'build-1',
        name: 'unit-tests',
        type: 'generic',
        artifact: { fingerprint: API },
        data: { compliant: true },
      },
      system,
    );
    await services.environments.createPolicy('acme', 'prod-rules', POLICY, system);
    await services.environments.save('acme', { name: 'prod', type: 'k8s', policies: ['prod-rules'] }, system);
    await services.environments.report('acme', 'prod', [{ name: 'api:1', fingerprint: API }], system);
    const [served] = (await services.runs.runs('acme', API)).runs;
    assert.equal(served?.compliant, true, 'the server judges the run compliant');

    const built = await services.auditPackages.build('acme', { kind: 'artifact', fingerprint: API });
    const files = await untarPackage(built.bytes);
    const verified = verifyPackage(files, [{ vkey: TEST_KEY.vkey }]);
    assert.deepEqual(verified.findings, []);
    const report = JSON.parse(Buffer.from(files.get('report.json')!).toString()) as AuditReport;
    const [trail] = report.trails;
    assert.deepEqual(
      trail?.artifacts.map((a) => a.name),
      ['api', 'worker'],
    );
    const run = report.artifacts.find((a) => a.fingerprint === API)?.runs[0];
    assert.deepEqual([run?.environment, run?.compliant, run?.reasons], ['prod', true, []]);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
