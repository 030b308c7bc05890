// Issue #6 "Done means": each rule of segregation of duties refuses what it must (self-approval,
// author approval, service-account approval, too few approvers, stale approvals by time and by a new
// build) with a clear error and nothing recorded; a compliant, approved artifact passes the gate and
// runs compliant; break-glass is recorded, flagged, listed and reviewed; and every projection
// rebuilds from the ledger. SQLite and real PostgreSQL, with an injected clock.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { isEvidentError, type ErrorCode } from '../src/core/errors.ts';
import type { Snapshot } from '../src/core/model/environment.ts';
import { actorOf } from '../src/server/auth.ts';
import { verifyLedger } from '../src/service/verify/verifyLedger.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { backends } from './support/backends.ts';
import { serviceAccountToken, signedInUser, systemToken } from './support/people.ts';
import { TEST_KEY, TEST_ORIGIN, paymentsFlow, recordBuild, testServices } from './support/services.ts';
import { startWebhookReceiver } from './support/webhookReceiver.ts';

const system = { type: 'system' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const API_1 = sha('payments-api 1.4.1');
const API_2 = sha('payments-api 1.5.0');
const API_3 = sha('payments-api 1.5.1');
const IMAGE = 'registry.example.com/payments/api';
const HOUR = 3600_000;
const T0 = Date.parse('2026-11-19T08:00:00.000Z');
const POLICY = `version: 1
artifacts:
  provenance: { required: true }
  trail-compliance: { required: true }
  approval: { required: true, approvers: 2, excludeCommitAuthors: true, expiresAfterHours: 24 }
`;

/** Asserts that `attempt` is refused with `code` (and `rule`, when given). */
async function refused(attempt: () => Promise<unknown>, code: ErrorCode, rule?: string) {
  await assert.rejects(attempt, (error: unknown) => {
    assert.ok(isEvidentError(error, code), `expected ${code}, got ${String(error)}`);
    if (rule !== undefined) assert.equal(error.details?.rule, rule, error.message);
    return true;
  });
}

for (const backend of backends()) {
  describe(`approvals on ${backend.name}`, { skip: backend.skip }, () => {
    test('segregation of duties, the gate, break-glass and a verified rebuild', async () => {
      const database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      let clock = T0;
      const services = testServices(database, { now: () => clock });
      const { approvals, environments: envs } = services;
      const size = async () => (await services.ledgerStore.head('acme'))?.size;
      const pager = await startWebhookReceiver('/pager');
      try {
        await paymentsFlow(services);
        for (const [trail, fingerprint, author] of [
          ['run-1', API_1, 'Alice Martín <alice@example.com>'],
          ['run-2', API_2, 'Frank Ocean <frank@example.com>'],
          ['run-3', API_3, 'Frank Ocean <frank@example.com>'],
        ] as const) {
          const commit = { sha: sha(trail).slice(0, 40), author, committer: 'GitHub <noreply@github.com>' };
          await recordBuild(services, { trail, fingerprint, passed: true, commit });
        }
        await envs.createPolicy('acme', 'prod-rules', POLICY, system);
        for (const name of ['prod', 'staging'])
          await envs.save('acme', { name, type: 'k8s', policies: ['prod-rules'] }, system);
        await envs.save('acme', { name: 'eu', type: 'logical', includes: ['prod'] }, system);

        const ci = await serviceAccountToken(services, 'acme', 'ci', 'writer');
        const ciApprover = await serviceAccountToken(services, 'acme', 'ci', 'approver');
        const robot = await systemToken(services, 'acme', 'approver');
        const alice = await signedInUser(services, 'acme', 'alice', 'approver', 'Alice Martín');
        const bob = await signedInUser(services, 'acme', 'bob', 'approver', 'Bob Stone');
        const carol = await signedInUser(services, 'acme', 'carol', 'approver', 'Carol Wu');
        const erin = await signedInUser(services, 'acme', 'erin', 'admin', 'Erin Admin');
        const wendy = await signedInUser(services, 'acme', 'wendy', 'writer', 'Wendy Writer');
        const walt = await signedInUser(services, 'acme', 'walt', 'writer', 'Walt Writer');

        // A pipeline asks; asking again while the request is open appends nothing.
        const asked = await approvals.request(
          'acme',
          { environment: 'prod', fingerprint: `sha256:${API_1}`, comment: 'release 1.4.1' },
          ci.actor,
        );
        const r1 = asked.approval;
        assert.equal(r1.status, 'pending');
        assert.equal(r1.required, 2);
        assert.deepEqual(r1.requestedBy, { kind: 'service_account', name: 'ci' });
        assert.equal(r1.expiresAt, new Date(Date.parse(r1.createdAt) + 24 * HOUR).toISOString());
        assert.ok(r1.change !== null);
        assert.deepEqual(r1.change.artifacts, [
          {
            flow: 'payments-api',
            trail: 'run-1',
            name: 'api',
            fingerprint: API_1,
            compliant: true,
            reasons: [],
          },
        ]);
        assert.deepEqual(
          r1.change.commits.map((c) => [c.trail, c.author]),
          [['run-1', 'Alice Martín <alice@example.com>']],
        );
        assert.equal(r1.change.since, null);
        assert.deepEqual(r1.change.verdict, {
          compliant: false,
          reasons: ['policy prod-rules: needs 2 approvals to run in prod, has 0'],
        });
        const again = await approvals.request('acme', { environment: 'prod', fingerprint: API_1 }, ci.actor);
        assert.deepEqual([again.approval.id, again.receipt], [r1.id, null]);
        await refused(
          () => approvals.request('acme', { environment: 'eu', fingerprint: API_1 }, ci.actor),
          'bad_request',
        );

        // Wendy asks for staging, then becomes an approver: she still may not approve her own request.
        const own = await approvals.request(
          'acme',
          { environment: 'staging', fingerprint: API_1 },
          wendy.actor,
        );
        await services.users.changeRole('acme', 'wendy', 'approver', system);
        const wendyNow = actorOf(await services.access.authenticate(wendy.secret));

        // Every rule refuses, and nothing is recorded.
        const before = await size();
        const approve = { decision: 'approve' } as const;
        await refused(
          () => approvals.decide('acme', r1.id, approve, alice.actor),
          'forbidden',
          'commit_author',
        );
        await refused(
          () => approvals.decide('acme', r1.id, approve, ciApprover.actor),
          'forbidden',
          'service_account',
        );
        await refused(
          () => approvals.decide('acme', r1.id, approve, robot.actor),
          'forbidden',
          'not_a_person',
        );
        await refused(() => approvals.decide('acme', r1.id, approve, erin.actor), 'forbidden', 'role');
        await refused(
          () => approvals.decide('acme', r1.id, approve, ci.actor),
          'forbidden',
          'service_account',
        );
        await refused(
          () => approvals.decide('acme', r1.id, { decision: 'reject', comment: '  ' }, bob.actor),
          'bad_request',
          'comment',
        );
        await refused(
          () => approvals.decide('acme', own.approval.id, approve, wendyNow),
          'forbidden',
          'self_approval',
        );
        await refused(() => approvals.decide('acme', 999_999, approve, bob.actor), 'not_found');
        assert.equal(await size(), before);

        // One approval of two: too few approvers, at the gate and in the policy verdict.
        const first = await approvals.decide('acme', r1.id, { ...approve, comment: 'LGTM' }, bob.actor);
        assert.equal(first.approval.status, 'pending');
        const afterFirst = await size();
        await refused(() => approvals.decide('acme', r1.id, approve, bob.actor), 'conflict', 'decided_twice');
        assert.equal(await size(), afterFirst);
        assert.deepEqual(await approvals.check('acme', 'prod', API_1), {
          approved: false,
          reasons: ['needs 2 approvals to run in prod, has 1'],
          notes: [],
          approvers: ['bob'],
        });
        assert.deepEqual(await envs.check('acme', 'prod', API_1), {
          compliant: false,
          reasons: ['policy prod-rules: needs 2 approvals to run in prod, has 1'],
        });

        // The second approver: approved, through both gates (also through the logical environment).
        const second = await approvals.decide('acme', r1.id, approve, carol.actor);
        assert.equal(second.approval.status, 'approved');
        assert.deepEqual(
          second.approval.decisions.map((d) => [d.by, d.decision, d.comment]),
          [
            ['bob', 'approve', 'LGTM'],
            ['carol', 'approve', null],
          ],
        );
        assert.deepEqual(await approvals.check('acme', 'eu', API_1), {
          approved: true,
          reasons: [],
          notes: [],
          approvers: ['bob', 'carol'],
        });
        assert.deepEqual(await envs.check('acme', 'prod', API_1), { compliant: true, reasons: [] });
        const rerun = await approvals.request('acme', { environment: 'prod', fingerprint: API_1 }, ci.actor);
        assert.deepEqual(
          [rerun.approval.id, rerun.approval.status, rerun.receipt],
          [r1.id, 'approved', null],
        );

        // Deployed: the snapshot is compliant, the change authorised.
        const report = async (hours: number, fingerprint: string, version: string, instances = 3) => {
          clock = T0 + hours * HOUR;
          await envs.report(
            'acme',
            'prod',
            [{ name: `${IMAGE}:${version}`, fingerprint, instances }],
            system,
          );
          return (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        };
        const deployed = await report(1, API_1, '1.4.1');
        assert.deepEqual([deployed.number, deployed.compliant], [1, true]);
        const [started] = await envs.changes('acme', 'prod', { limit: 1 });
        assert.deepEqual([started?.kind, started?.unauthorised], ['started', false]);

        // Each decision is an `approval` attestation on the trail that built the artifact.
        const attested = (
          await services.delivery.attestationsOfTrail('acme', 'payments-api', 'run-1')
        ).filter((a) => a.type === 'approval');
        assert.deepEqual(
          attested.map((a) => [a.name, (a.data as { by: string }).by, a.compliant, a.target]),
          [
            ['approval-prod', 'bob', true, { fingerprint: API_1 }],
            ['approval-prod', 'carol', true, { fingerprint: API_1 }],
          ],
        );

        // A day later the approvals have expired for a new deployment; the one running stays approved.
        clock = T0 + 30 * HOUR;
        assert.deepEqual((await approvals.check('acme', 'prod', API_1)).reasons, [
          'needs 2 approvals to run in prod, has 0 (2 expired after 24 h)',
        ]);
        assert.equal((await envs.check('acme', 'prod', API_1)).compliant, false);
        assert.equal((await report(30, API_1, '1.4.1', 5)).compliant, true);

        // Stale by time: a request past its deadline takes no decision.
        const r2 = (await approvals.request('acme', { environment: 'prod', fingerprint: API_2 }, ci.actor))
          .approval;
        assert.deepEqual(r2.change?.since, {
          basis: 'running',
          name: `${IMAGE}:1.4.1`,
          fingerprint: API_1,
          commits: [sha('run-1').slice(0, 40)],
        });
        clock = T0 + 55 * HOUR;
        const beforeStale = await size();
        await refused(() => approvals.decide('acme', r2.id, approve, bob.actor), 'conflict', 'stale');
        assert.deepEqual(
          (await approvals.list('acme', { status: 'stale', environment: 'prod', limit: 10 })).map(
            (a) => a.id,
          ),
          [r2.id],
        );
        assert.deepEqual(
          (await approvals.list('acme', { status: 'pending', environment: 'prod', limit: 10 })).map(
            (a) => a.id,
          ),
          [],
        );

        // Stale by a new build: the request for the older fingerprint is superseded.
        const r3 = (await approvals.request('acme', { environment: 'prod', fingerprint: API_2 }, ci.actor))
          .approval;
        const r4 = (await approvals.request('acme', { environment: 'prod', fingerprint: API_3 }, ci.actor))
          .approval;
        assert.equal((await approvals.get('acme', r3.id)).supersededBy, r4.id);
        const beforeSuperseded = await size();
        await refused(() => approvals.decide('acme', r3.id, approve, bob.actor), 'conflict', 'stale');
        assert.equal(await size(), beforeSuperseded);
        assert.equal(beforeSuperseded, (beforeStale ?? 0) + 2);
        // Approvals are for one fingerprint: API_1's do not let API_3 in.
        assert.equal((await approvals.check('acme', 'prod', API_3)).approved, false);

        // Deployed without approval: an unauthorised change.
        const rogue = await report(57, API_2, '1.5.0');
        assert.equal(rogue.compliant, false);
        const [unapproved] = await envs.changes('acme', 'prod', { limit: 1 });
        assert.deepEqual(
          [unapproved?.fingerprint, unapproved?.unauthorised, unapproved?.reasons],
          [API_2, true, ['policy prod-rules: needs 2 approvals to run in prod, has 0']],
        );

        // Break-glass after the fact: only a named admin or approver, with a reason.
        clock = T0 + 58 * HOUR;
        const beforeGlass = await size();
        const glass = { environment: 'prod', fingerprint: API_2, reason: 'INC-42: payments down' };
        await refused(
          () => approvals.breakGlass('acme', glass, ciApprover.actor),
          'forbidden',
          'service_account',
        );
        await refused(() => approvals.breakGlass('acme', glass, walt.actor), 'forbidden', 'role');
        await refused(
          () => approvals.breakGlass('acme', { ...glass, reason: ' ' }, bob.actor),
          'bad_request',
        );
        assert.equal(await size(), beforeGlass);
        const admin = { type: 'token', id: 'tok_admin', role: 'admin' } as const;
        await services.webhooks.save('acme', 'pager', { url: pager.url, events: ['break_glass'] }, admin);
        const e1 = (await approvals.breakGlass('acme', glass, carol.actor)).approval;
        // Notified at once: the notifier's next tick (every second in a server) sends it.
        assert.deepEqual(await services.notifier.tick(), { queued: 1, attempts: 1, delivered: 1 });
        const alert = JSON.parse(pager.received[0]?.body ?? '{}') as Record<string, unknown>;
        assert.deepEqual(alert, {
          type: 'break_glass',
          org: 'acme',
          environment: 'prod',
          exception: { id: e1.id, fingerprint: API_2, by: 'carol', reason: 'INC-42: payments down' },
          occurredAt: e1.createdAt,
        });
        assert.equal(pager.received[0]?.headers['evident-event'], 'break_glass');
        assert.deepEqual(
          [e1.kind, e1.status, e1.requestedBy],
          ['exception', 'unreviewed', { kind: 'user', name: 'carol' }],
        );
        const now = (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        assert.equal(now.compliant, true);
        assert.deepEqual(now.artifacts[0]?.notes, [
          'running under break-glass exception by carol: INC-42: payments down',
        ]);
        assert.deepEqual(
          (await approvals.list('acme', { status: 'exception-unreviewed', limit: 10 })).map((a) => a.id),
          [e1.id],
        );
        // Reviewed later, by someone else, once.
        await refused(
          () => approvals.decide('acme', e1.id, approve, carol.actor),
          'forbidden',
          'self_approval',
        );
        const review = await approvals.decide(
          'acme',
          e1.id,
          { ...approve, comment: 'confirmed INC-42' },
          erin.actor,
        );
        assert.equal(review.approval.status, 'approved');
        assert.deepEqual(await approvals.list('acme', { status: 'exception-unreviewed', limit: 10 }), []);
        assert.deepEqual(
          (await approvals.list('acme', { status: 'exception-reviewed', limit: 10 })).map((a) => a.id),
          [e1.id],
        );
        await refused(() => approvals.decide('acme', e1.id, approve, bob.actor), 'conflict', 'closed');

        // Break-glass before a deployment: the change log flags it; a rejected review withdraws it.
        clock = T0 + 59 * HOUR;
        const e2 = (
          await approvals.breakGlass(
            'acme',
            { environment: 'prod', fingerprint: API_3, reason: 'hotfix CVE-2026-1' },
            erin.actor,
          )
        ).approval;
        assert.equal((await report(59.5, API_3, '1.5.1')).compliant, true);
        const [hotfix] = await envs.changes('acme', 'prod', { limit: 1 });
        assert.deepEqual(
          [hotfix?.fingerprint, hotfix?.unauthorised, hotfix?.notes],
          [API_3, false, ['running under break-glass exception by erin: hotfix CVE-2026-1']],
        );
        await approvals.decide('acme', e2.id, { decision: 'reject', comment: 'not an emergency' }, bob.actor);
        const withdrawn = (await envs.snapshot('acme', 'prod', { kind: 'latest' })) as Snapshot;
        assert.deepEqual(
          [withdrawn.compliant, withdrawn.artifacts[0]?.reasons],
          [false, ['policy prod-rules: needs 2 approvals to run in prod, has 0']],
        );
        const run3 = await services.delivery.attestationsOfTrail('acme', 'payments-api', 'run-3');
        assert.deepEqual(
          run3
            .filter((a) => a.type === 'approval')
            .map((a) => [(a.data as { kind: string }).kind, a.compliant, a.reasons]),
          [
            ['exception', true, []],
            ['review', false, ['rejected by bob: not an emergency']],
          ],
        );

        // A trail that reports the same build later gets the decisions taken on it before.
        await recordBuild(services, { trail: 'rebuild-of-run-1', fingerprint: API_1, passed: true });
        const late = await services.delivery.attestationsOfTrail('acme', 'payments-api', 'rebuild-of-run-1');
        assert.deepEqual(
          late.filter((a) => a.type === 'approval').map((a) => (a.data as { by: string }).by),
          ['bob', 'carol'],
        );

        const verified = await verifyLedger({ database, vkeys: [TEST_KEY.vkey], external: [], now: () => 0 });
        assert.equal(verified.ok, true, JSON.stringify(verified, null, 2).slice(0, 2000));
      } finally {
        await pager.close();
        await database.close();
      }
    });
  });
}
