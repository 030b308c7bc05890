// A short, real history of org `acme`, recorded through the services on a SQLite file with an injected
// clock, for the audit report's tests (issue #8): builds with commit facts and real JUnit evidence (one
// failing), an approval granted and one rejected, deployments to prod with a scale-up, a rogue artifact
// at night, a break-glass hotfix, and a tightened policy that judges what runs again. The entries are
// read back from the ledger store and decoded, as an audit package holds them.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadSamples } from '../../src/core/compliance/samples.testdata.ts';
import type { AuditEntry, AuditReportInput, AuditSubject } from '../../src/core/audit/auditReport.ts';
import { parseCanonical } from '../../src/core/ledger/canonicalJson.ts';
import { parseCheckpoint } from '../../src/core/ledger/checkpoint.ts';
import { toHex } from '../../src/core/ledger/merkleHash.ts';
import type { CommittedEvent } from '../../src/core/model/ledgerEvent.ts';
import type { EvidentServices } from '../../src/service/evidentServices.ts';
import { openDatabase } from '../../src/storage/openDatabase.ts';
import { signedInUser, type Principal } from './people.ts';
import { paymentsFlow, recordBuild, testServices } from './services.ts';
import { testClock, type TestClock } from './testClock.ts';

const system = { type: 'system' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export const ORG = 'acme';
export const FLOW = 'payments-api';
export const IMAGE = 'registry.example.com/payments/api';
/** Values a report must escape wherever they appear. */
export const HOSTILE = {
  author: `Mallory "O'Hara" <mallory@evil.example>`,
  message: `Fix <script>alert("x")</script> & <img src=x onerror=alert(1)>`,
  reason: `INC-4411: checkout </td></tr></table><h1>blank</h1> & "quotes"`,
  rogue: `docker.io/evil/<b>miner</b>:latest`,
};

export const PROD_RULES = `version: 1
artifacts:
  provenance: { required: true }
  trail-compliance: { required: true }
  approval: { required: true, approvers: 1 }
`;
/** Version 2 also asks for a pen test, which nothing has: what runs is judged non-compliant again. */
export const PROD_RULES_V2 = `${PROD_RULES}  attestations:
    - { name: pen-test, type: generic }
`;

export interface ReportHistory {
  readonly services: EvidentServices;
  readonly clock: TestClock;
  readonly alice: Principal;
  /** API_1 built by build-1 (passing, approved, in prod Mon–Wed); API_2 by build-2 (failing tests). */
  readonly api1: string;
  readonly api2: string;
  /** The hotfix of build-3: its request rejected, let into prod by break-glass on Wednesday. */
  readonly hotfix: string;
  /** Ran in prod from Tue 01:00 to 04:00; no trail reported it. */
  readonly rogue: string;
  readonly commit1: { sha: string; author: string; message: string; branch: string };
  readonly junit: { readonly sha256: string; readonly name: string; readonly size: number };
  /** Ids of the approval of API_1, the rejected request of the hotfix, and the break-glass. */
  readonly approvals: { readonly api1: number; readonly hotfixRejected: number; readonly breakGlass: number };
  /** Every entry of the org, decoded, with the latest checkpoint: an audit report's input. */
  input(subject: AuditSubject, only?: (e: AuditEntry) => boolean): Promise<AuditReportInput>;
  close(): Promise<void>;
}

/** `at('Tue', '01:00')`: an instant of the week of Mon 16 Nov 2026, UTC. */
export function at(day: 'Mon' | 'Tue' | 'Wed' | 'Thu', time: string): string {
  const date = { Mon: 16, Tue: 17, Wed: 18, Thu: 19 }[day];
  return `2026-11-${date}T${time}:00.000Z`;
}

export async function recordReportHistory(): Promise<ReportHistory> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-report-'));
  const database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  const clock = testClock(at('Mon', '08:00'));
  const services = testServices(database, { now: clock.now, evidenceDir: join(dir, 'evidence') });
  const close = async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await paymentsFlow(services);
    const alice = await signedInUser(services, ORG, 'alice', 'approver', 'Alice Martin');
    await services.environments.createPolicy(ORG, 'prod-rules', PROD_RULES, system);
    await services.environments.save(ORG, { name: 'prod', type: 'k8s', policies: ['prod-rules'] }, system);

    const api1 = sha('payments-api 1.4.0');
    const api2 = sha('payments-api 1.4.1');
    const hotfix = sha('payments-api 1.4.2');
    const rogue = sha('rogue miner');
    const commit1 = {
      sha: sha('commit 1').slice(0, 40),
      author: HOSTILE.author,
      message: HOSTILE.message,
      branch: 'main',
    };
    // Monday: build-1 with its commit and real JUnit results as evidence, approved and deployed.
    clock.set(at('Mon', '09:00'));
    await recordBuild(services, { trail: 'build-1', fingerprint: api1, passed: true, commit: commit1 });
    const sample = loadSamples('junit').get('pytest-large-passing.xml');
    if (sample === undefined) throw new Error('no JUnit sample pytest-large-passing.xml');
    await services.delivery.storeEvidence(
      ORG,
      sample.sha256,
      Readable.from([sample.bytes]),
      'application/xml',
      system,
    );
    await services.delivery.attest(
      ORG,
      {
        flow: FLOW,
        trail: 'build-1',
        name: 'junit-tests',
        type: 'junit',
        artifact: { fingerprint: api1 },
        evidence: [{ sha256: sample.sha256, name: sample.name }],
      },
      system,
    );
    clock.set(at('Mon', '10:00'));
    const request1 = await services.approvals.request(
      ORG,
      { environment: 'prod', fingerprint: api1, comment: 'CHG-2031' },
      system,
    );
    clock.set(at('Mon', '10:30'));
    await services.approvals.decide(
      ORG,
      request1.approval.id,
      { decision: 'approve', comment: 'CHG-2031 reviewed' },
      alice.actor,
    );
    clock.set(at('Mon', '11:00'));
    await services.environments.report(
      ORG,
      'prod',
      [{ name: `${IMAGE}:1.4.0`, fingerprint: api1, instances: 2 }],
      system,
    );
    clock.set(at('Mon', '14:00'));
    await recordBuild(services, {
      trail: 'build-2',
      fingerprint: api2,
      passed: false,
      commit: {
        sha: sha('commit 2').slice(0, 40),
        author: 'Dana <dana@acme.example>',
        message: 'Round half-even',
      },
    });

    // Tuesday night: a rogue container in prod for three hours; then a scale-up.
    clock.set(at('Tue', '01:00'));
    await services.environments.report(
      ORG,
      'prod',
      [
        { name: `${IMAGE}:1.4.0`, fingerprint: api1, instances: 2 },
        { name: HOSTILE.rogue, fingerprint: rogue, instances: 1 },
      ],
      system,
    );
    clock.set(at('Tue', '04:00'));
    await services.environments.report(
      ORG,
      'prod',
      [{ name: `${IMAGE}:1.4.0`, fingerprint: api1, instances: 4 }],
      system,
    );

    // Wednesday: the hotfix's request is rejected; break-glass lets it in anyway.
    clock.set(at('Wed', '09:00'));
    await recordBuild(services, {
      trail: 'build-3',
      fingerprint: hotfix,
      passed: true,
      commit: { sha: sha('commit 3').slice(0, 40), author: 'Sam <sam@acme.example>', message: 'Hotfix' },
    });
    clock.set(at('Wed', '09:30'));
    const request3 = await services.approvals.request(
      ORG,
      { environment: 'prod', fingerprint: hotfix },
      system,
    );
    clock.set(at('Wed', '10:00'));
    await services.approvals.decide(
      ORG,
      request3.approval.id,
      { decision: 'reject', comment: 'No rollback plan' },
      alice.actor,
    );
    clock.set(at('Wed', '17:50'));
    const glass = await services.approvals.breakGlass(
      ORG,
      { environment: 'prod', fingerprint: hotfix, reason: HOSTILE.reason },
      alice.actor,
    );
    clock.set(at('Wed', '18:00'));
    await services.environments.report(
      ORG,
      'prod',
      [{ name: `${IMAGE}:1.4.2`, fingerprint: hotfix, instances: 2 }],
      system,
    );

    // Thursday: the policy asks for a pen test; the hotfix running in prod is judged again.
    clock.set(at('Thu', '09:00'));
    await services.environments.createPolicy(ORG, 'prod-rules', PROD_RULES_V2, system);
    clock.set(at('Thu', '12:00'));

    return {
      services,
      clock,
      alice,
      api1,
      api2,
      hotfix,
      rogue,
      commit1,
      junit: { sha256: sample.sha256, name: sample.name, size: sample.bytes.length },
      approvals: {
        api1: request1.approval.id,
        hotfixRejected: request3.approval.id,
        breakGlass: glass.approval.id,
      },
      async input(subject, only = () => true) {
        const note = await services.ledger.checkpoint(ORG);
        const checkpoint = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
        const stored = await services.ledgerStore.entries(ORG, 0, checkpoint.size);
        const entries = stored.map(({ index, entry }): AuditEntry => {
          const { type, at: time, actor, data } = parseCanonical(entry) as CommittedEvent;
          return { index, event: { type, at: time, actor, data } };
        });
        return {
          subject,
          origin: checkpoint.origin,
          org: ORG,
          checkpoint: { size: checkpoint.size, rootHash: toHex(checkpoint.rootHash) },
          entries: entries.filter(only),
          evidence: [{ sha256: sample.sha256, size: sample.bytes.length }],
        };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
