// Issue #5 "Done means": "what was running in prod at 02:30 last Thursday, and was it compliant?"
// A week of snapshots with an injected clock: duplicates change nothing, scaling and releases are
// logged, a rogue artifact is flagged exactly once, a policy change is judged again without
// rewriting the past — and every projection rebuilds from the ledger. SQLite and real PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Snapshot } from '../src/core/model/environment.ts';
import { verifyLedger } from '../src/service/verify/verifyLedger.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { backends } from './support/backends.ts';
import { paymentsFlow, recordBuild, TEST_KEY, TEST_ORIGIN, testServices } from './support/services.ts';

const system = { type: 'system' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const API_1 = sha('payments-api 1.4.1');
const API_2 = sha('payments-api 1.5.0');
const ROGUE = sha('crypto-miner');
const IMAGE = 'registry.example.com/payments/api';
const at = (text: string) => Date.parse(text);

for (const backend of backends()) {
  describe(`environments on ${backend.name}`, { skip: backend.skip }, () => {
    test('a week in prod, asked about at any instant', async () => {
      const database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      let clock = at('2026-11-16T00:00:00Z'); // Monday
      const services = testServices(database, { now: () => clock });
      const { environments: envs } = services;
      try {
        await paymentsFlow(services);
        for (const [trail, fingerprint, passed] of [
          ['run-1', API_1, true],
          ['run-2', API_2, false],
        ] as const) {
          await recordBuild(services, { trail, fingerprint, passed });
        }
        await envs.createPolicy(
          'acme',
          'prod-rules',
          'version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\n',
          system,
        );
        await envs.save(
          'acme',
          { name: 'prod', type: 'k8s', description: 'EU production', policies: ['prod-rules'] },
          system,
        );

        const report = async (when: string, running: [string, string, number][]) => {
          clock = at(when);
          return envs.report(
            'acme',
            'prod',
            running.map(([name, fingerprint, instances]) => ({ name, fingerprint, instances })),
            { type: 'token', id: 'k8s-reporter', role: 'reporter' },
          );
        };
        assert.equal((await report('2026-11-16T00:00:00Z', [[`${IMAGE}:1.4.1`, API_1, 3]])).snapshot, 1);
        // The same set every minute of the morning: "last seen" moves, no snapshot is recorded.
        for (const minute of ['01', '02', '03']) {
          const same = await report(`2026-11-16T06:${minute}:00Z`, [[`${IMAGE}:1.4.1`, API_1, 3]]);
          assert.deepEqual(
            { changed: same.changed, snapshot: same.snapshot, receipt: same.receipt },
            { changed: false, snapshot: 1, receipt: null },
          );
        }
        assert.equal((await envs.environment('acme', 'prod')).lastSeenAt, '2026-11-16T06:03:00.000Z');
        await report('2026-11-17T12:00:00Z', [[`${IMAGE}:1.4.1`, API_1, 5]]); // #2 scaled
        await report('2026-11-18T20:00:00Z', [
          [`${IMAGE}:1.4.1`, API_1, 5],
          ['docker.io/miner:latest', ROGUE, 1],
        ]); // #3
        await report('2026-11-19T01:00:00Z', [
          [`${IMAGE}:1.5.0`, API_2, 2],
          ['docker.io/miner:latest', ROGUE, 1],
        ]); // #4 Thursday
        await report('2026-11-20T09:00:00Z', [
          [`${IMAGE}:1.4.1`, API_1, 2],
          ['docker.io/miner:latest', ROGUE, 1],
        ]); // #5 rollback

        // The question, Thursday 02:30: the snapshot reported at 01:00, and it was not compliant.
        const thursday = (await envs.snapshot('acme', 'prod', {
          kind: 'at',
          at: '2026-11-19T02:30:00.000Z',
        })) as Snapshot;
        assert.equal(thursday.number, 4);
        assert.equal(thursday.at, '2026-11-19T01:00:00.000Z');
        assert.equal(thursday.compliant, false);
        assert.deepEqual(
          thursday.artifacts.map((a) => [a.name, a.instances, a.compliant]),
          [
            ['docker.io/miner:latest', 1, false],
            [`${IMAGE}:1.5.0`, 2, false],
          ],
        );
        assert.deepEqual(thursday.artifacts[0]?.reasons, [
          'policy prod-rules: no provenance: no pipeline reported this fingerprint',
        ]);
        assert.match(
          thursday.artifacts[1]?.reasons[0] ?? '',
          /^policy prod-rules: trail payments-api\/run-2 is not compliant: .*attestation "unit-tests" \(generic\) is not compliant/,
        );
        assert.deepEqual(thursday.artifacts[1]?.provenance, [
          { flow: 'payments-api', trail: 'run-2', name: 'api' },
        ]);
        // How long it ran, and how each artifact got in: the miner arrived unauthorised in #3 and is
        // still flagged here; 1.5.0 arrived unauthorised with this very snapshot.
        assert.equal(thursday.until, '2026-11-20T09:00:00.000Z');
        assert.deepEqual(
          thursday.artifacts.map((a) => a.unauthorised),
          [true, true],
        );
        // Every other way of naming snapshots.
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'number', number: 2 })) as Snapshot).artifacts[0]
            ?.instances,
          5,
        );
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'back', count: 1 })) as Snapshot).number,
          4,
        );
        const latest = (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        assert.deepEqual([latest.number, latest.until], [5, null]);
        const second = (await envs.snapshot('acme', 'prod', { kind: 'number', number: 2 })) as Snapshot;
        assert.deepEqual(
          [second.until, second.artifacts.map((a) => a.unauthorised)],
          ['2026-11-18T20:00:00.000Z', [false]],
        );
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'at', at: '2026-11-16T23:59:59.000Z' })) as Snapshot)
            .number,
          1,
        );
        await assert.rejects(
          envs.snapshot('acme', 'prod', { kind: 'at', at: '2026-11-15T00:00:00.000Z' }),
          /had no snapshot at 2026-11-15/,
        );
        await assert.rejects(
          envs.snapshot('acme', 'prod', { kind: 'number', number: 9 }),
          /has 5 snapshot\(s\), not #9/,
        );

        // The change log, newest first; the rogue artifact is flagged once, when it appeared.
        const log = await envs.changes('acme', 'prod', { limit: 100 });
        assert.deepEqual(
          log.map(
            (c) =>
              `${c.snapshot} ${c.kind} ${c.name} ${c.instancesBefore}→${c.instancesAfter}${c.unauthorised ? ' UNAUTHORISED' : ''}`,
          ),
          [
            `5 started ${IMAGE}:1.4.1 0→2`,
            `5 stopped ${IMAGE}:1.5.0 2→0`,
            `4 started ${IMAGE}:1.5.0 0→2 UNAUTHORISED`,
            `4 stopped ${IMAGE}:1.4.1 5→0`,
            '3 started docker.io/miner:latest 0→1 UNAUTHORISED',
            `2 scaled ${IMAGE}:1.4.1 3→5`,
            `1 started ${IMAGE}:1.4.1 0→3`,
          ],
        );
        assert.equal(log.filter((c) => c.unauthorised && c.fingerprint === ROGUE).length, 1);
        const window = await envs.changes('acme', 'prod', {
          since: '2026-11-18T00:00:00.000Z',
          until: '2026-11-19T23:00:00.000Z',
          limit: 100,
        });
        assert.deepEqual(
          window.map((c) => c.snapshot),
          [4, 4, 3],
        );
        const page = await envs.changes('acme', 'prod', { before: log[2]?.index, limit: 2 });
        assert.deepEqual(
          page.map((c) => c.snapshot),
          [3, 2],
        );

        // A new policy version allow-lists the miner (a recorded exception): the current snapshot is
        // judged again from then on; what was true on Thursday stays true.
        clock = at('2026-11-21T10:00:00Z');
        const v2 = await envs.createPolicy(
          'acme',
          'prod-rules',
          `version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\nallow:\n  - { fingerprint: "${ROGUE}", reason: "benchmark rig, CHG-1212" }\n`,
          system,
        );
        assert.equal(v2.version, 2);
        const now = (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        assert.equal(now.number, 5);
        assert.equal(now.compliant, true);
        assert.equal(now.evaluatedAt, '2026-11-21T10:00:00.000Z');
        // Allowed now, but it got in unauthorised, and stays flagged until it stops; 1.4.1 came back
        // with provenance in #5, so the start that let it in this time was authorised.
        assert.deepEqual(
          now.artifacts.map((a) => [a.name, a.compliant, a.unauthorised]),
          [
            ['docker.io/miner:latest', true, true],
            [`${IMAGE}:1.4.1`, true, false],
          ],
        );
        // Asked by number, a snapshot is shown as judged when it was reported.
        const asReported = (await envs.snapshot('acme', 'prod', { kind: 'number', number: 5 })) as Snapshot;
        assert.deepEqual([asReported.compliant, asReported.evaluatedAt], [false, '2026-11-20T09:00:00.000Z']);
        assert.deepEqual(asReported.laterVerdict, {
          compliant: true,
          evaluatedAt: '2026-11-21T10:00:00.000Z',
        });
        assert.equal(now.laterVerdict, undefined, 'by time: the verdict in force, nothing later to tell');
        assert.equal(second.laterVerdict, undefined, 'never judged again');
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'at', at: '2026-11-21T09:00:00.000Z' })) as Snapshot)
            .compliant,
          false,
        );
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'at', at: '2026-11-19T02:30:00.000Z' })) as Snapshot)
            .compliant,
          false,
        );
        assert.equal((await envs.environment('acme', 'prod')).compliant, true);
        // Sending the same policy text again creates no version.
        assert.equal(
          (
            await envs.createPolicy(
              'acme',
              'prod-rules',
              `version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\nallow:\n  - { fingerprint: "${ROGUE}", reason: "benchmark rig, CHG-1212" }\n`,
              system,
            )
          ).receipt,
          null,
        );

        // A page never splits the changes of one snapshot.
        assert.deepEqual(
          (await envs.changes('acme', 'prod', { limit: 1 })).map((c) => `${c.snapshot} ${c.kind}`),
          ['5 started', '5 stopped'],
        );

        // 1.5.0 goes out again while its tests are failing; a passing re-run recorded later makes
        // prod compliant from then on, and the verdict before it stays on record.
        await report('2026-11-21T11:00:00Z', [[`${IMAGE}:1.5.0`, API_2, 2]]);
        assert.equal((await envs.environment('acme', 'prod')).compliant, false);
        clock = at('2026-11-21T12:00:00Z');
        await services.delivery.attest(
          'acme',
          {
            flow: 'payments-api',
            trail: 'run-2',
            name: 'unit-tests',
            type: 'generic',
            artifact: { fingerprint: API_2 },
            data: { compliant: true },
          },
          system,
        );
        const fixed = (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        assert.deepEqual(
          [fixed.number, fixed.compliant, fixed.evaluatedAt],
          [6, true, '2026-11-21T12:00:00.000Z'],
        );
        assert.deepEqual(
          fixed.artifacts.map((a) => a.unauthorised),
          [true],
          'complying later does not undo how it arrived',
        );
        assert.equal(
          ((await envs.snapshot('acme', 'prod', { kind: 'at', at: '2026-11-21T11:30:00.000Z' })) as Snapshot)
            .compliant,
          false,
        );

        // Gates: would an artifact comply in prod?
        assert.deepEqual(await envs.check('acme', 'prod', API_1), { compliant: true, reasons: [] });
        assert.deepEqual(await envs.check('acme', 'prod', API_2), { compliant: true, reasons: [] });
        assert.deepEqual(await envs.check('acme', 'prod', sha('never built')), {
          compliant: false,
          reasons: ['policy prod-rules: no provenance: no pipeline reported this fingerprint'],
        });

        const verified = await verifyLedger({ database, vkeys: [TEST_KEY.vkey], external: [], now: () => 0 });
        assert.equal(verified.ok, true, JSON.stringify(verified, null, 2).slice(0, 2000));
      } finally {
        await database.close();
      }
    });

    test('bad reports and definitions are refused and change nothing', async () => {
      const database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      const services = testServices(database);
      const { environments: envs } = services;
      try {
        await services.access.createOrg('acme', system);
        await envs.save('acme', { name: 'prod', type: 'k8s' }, system);
        await envs.save('acme', { name: 'eu', type: 'ecs' }, system);
        const size = async () => (await services.ledgerStore.head('acme'))?.size;
        const before = await size();
        const refusals = [
          [
            () => envs.save('acme', { name: 'prod', type: 'ecs' }, system),
            /is of type k8s; its type cannot change/,
          ],
          [() => envs.save('acme', { name: 'x', type: 'mainframe' }, system), /type must be one of k8s, ecs/],
          [
            () => envs.save('acme', { name: 'all', type: 'logical' }, system),
            /includes at least one environment/,
          ],
          [
            () => envs.save('acme', { name: 'all', type: 'logical', includes: ['nowhere'] }, system),
            /included environment nowhere not found/,
          ],
          [
            () => envs.save('acme', { name: 'prod', type: 'k8s', includes: ['eu'] }, system),
            /only a logical environment includes others/,
          ],
          [
            () => envs.save('acme', { name: 'prod', type: 'k8s', policies: ['missing'] }, system),
            /policy missing not found/,
          ],
          [
            () => envs.report('acme', 'prod', [{ name: 'a', fingerprint: 'abc' }], system),
            /artifacts\[0\].fingerprint must be a SHA-256/,
          ],
          [
            () => envs.report('acme', 'prod', [{ name: ' ', fingerprint: API_1 }], system),
            /artifacts\[0\].name must be 1 to 512/,
          ],
          [
            () => envs.report('acme', 'prod', [{ name: 'a', fingerprint: API_1, instances: 0 }], system),
            /instances must be a whole number/,
          ],
          [() => envs.report('acme', 'nowhere', [], system), /environment nowhere not found/],
          [() => envs.createPolicy('acme', 'p', 'version: 3', system), /version must be 1/],
          [
            () =>
              envs.report(
                'acme',
                'prod',
                Array.from({ length: 600 }, (_, i) => ({
                  name: `registry.example.com/team/service-${i}:1.0.0`,
                  fingerprint: sha(String(i)),
                })),
                system,
              ),
            /more than one ledger entry holds/,
          ],
        ] as const;
        for (const [attempt, message] of refusals) await assert.rejects(attempt(), message);
        assert.equal(await size(), before);
        await envs.save('acme', { name: 'all', type: 'logical', includes: ['prod', 'eu'] }, system);
        await assert.rejects(
          envs.report('acme', 'all', [], system),
          /all is logical: report its member environments/,
        );
      } finally {
        await database.close();
      }
    });
  });
}
