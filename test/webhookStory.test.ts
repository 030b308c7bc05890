// Issue #5 §5: "A rogue artifact appearing in an environment produces exactly one alert" — webhooks
// signed with HMAC, retried with backoff, with a delivery log, and Slack messages. Real HTTP
// receivers on 127.0.0.1 check every signature independently; time is an injected clock driven
// with explicit ticks, never slept. SQLite and real PostgreSQL, including two notifiers on one
// PostgreSQL database queueing and sending each notification once.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { WebhookDelivery } from '../src/core/model/webhook.ts';
import type { EvidentServices } from '../src/service/evidentServices.ts';
import { verifyLedger } from '../src/service/verify/verifyLedger.ts';
import { openDatabase, type OpenDatabase } from '../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { backends, type Backend } from './support/backends.ts';
import { TEST_KEY, TEST_ORIGIN, testServices } from './support/services.ts';
import { startWebhookReceiver, verifySignature, type ReceivedRequest } from './support/webhookReceiver.ts';

const system = { type: 'system' } as const;
const admin = { type: 'token', id: 'tok_admin', role: 'admin' } as const;
const reporter = { type: 'token', id: 'tok_k8s', role: 'reporter' } as const;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const API = sha('payments-api 1.4.1');
const ROGUE = sha('crypto-miner');
const ROGUE_2 = sha('another miner');
const IMAGE = 'registry.example.com/payments/api:1.4.1';
const MINER = 'docker.io/miner:latest';
const NO_PROVENANCE = 'policy prod-rules: no provenance: no pipeline reported this fingerprint';

type Running = [name: string, fingerprint: string, instances: number][];

/** An org with a built artifact, a policy that wants provenance, and two environments. */
async function world(database: OpenDatabase) {
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  const clock = { now: Date.parse('2026-11-16T00:00:00.000Z') };
  const services = testServices(database, {
    now: () => clock.now,
    randomBytes: (n) => randomBytes(n),
    webhookTimeoutMs: 250,
  });
  await services.access.createOrg('acme', system);
  await services.flows.save('acme', { name: 'payments-api', description: '' }, system);
  await services.delivery.saveTrail('acme', { flow: 'payments-api', name: 'run-1' }, system);
  await services.delivery.reportArtifact(
    'acme',
    { flow: 'payments-api', trail: 'run-1', fingerprint: API, name: 'api' },
    system,
  );
  await services.environments.createPolicy(
    'acme',
    'prod-rules',
    'version: 1\nartifacts:\n  provenance: { required: true }\n',
    system,
  );
  for (const name of ['prod', 'staging'])
    await services.environments.save('acme', { name, type: 'k8s', policies: ['prod-rules'] }, system);
  return {
    services,
    clock,
    report: async (environment: string, running: Running) => {
      clock.now += 1000;
      await services.environments.report(
        'acme',
        environment,
        running.map(([name, fingerprint, instances]) => ({ name, fingerprint, instances })),
        reporter,
      );
    },
    tick: () => services.notifier.tick(),
    log: async (webhook: string): Promise<WebhookDelivery[]> =>
      (await services.webhooks.deliveries('acme', webhook, undefined, 100)).deliveries,
    seconds: () => Math.floor(clock.now / 1000),
  };
}

/** No byte of any ledger entry holds a secret, and a rebuild from the ledger equals the tables. */
async function assertLedgerClean(
  database: OpenDatabase,
  services: EvidentServices,
  secrets: readonly string[],
): Promise<void> {
  const size = (await services.ledgerStore.head('acme'))?.size ?? 0;
  const entries = await services.ledgerStore.entries('acme', 0, size);
  assert.equal(entries.length, size);
  for (const { index, entry } of entries) {
    const bytes = Buffer.from(entry);
    for (const secret of secrets)
      assert.equal(bytes.includes(secret), false, `entry ${index} holds a secret: ${bytes.toString()}`);
  }
  const verified = await verifyLedger({ database, vkeys: [TEST_KEY.vkey], external: [], now: () => 0 });
  assert.equal(verified.ok, true, JSON.stringify(verified.findings, null, 2));
}

const deliveryIds = (requests: readonly ReceivedRequest[]) =>
  new Set(requests.map((r) => r.headers['evident-delivery']));
const gap = (from: string, to: string) => Date.parse(to) - Date.parse(from);

for (const backend of backends()) {
  describe(`webhooks on ${backend.name}`, { skip: backend.skip }, () => {
    test('a rogue artifact is notified once, signed, and retried with growing delays until it is taken', async () => {
      const database = await backend.open();
      const receiver = await startWebhookReceiver('/hooks/siem-7f3a', [500, 500]);
      try {
        const { services, clock, report, tick, log, seconds } = await world(database);
        const saved = await services.webhooks.save('acme', 'siem', { url: receiver.url }, admin);
        const secret = saved.secret ?? '';
        assert.match(secret, /^[A-Za-z0-9_-]{43}$/, 'generated: 32 random bytes, base64url');
        assert.equal(saved.webhook.origin, new URL(receiver.url).origin);

        await report('prod', [[IMAGE, API, 3]]);
        assert.deepEqual(await tick(), { queued: 0, attempts: 0, delivered: 0 }, 'authorised: no alert');
        await report('prod', [
          [IMAGE, API, 3],
          [MINER, ROGUE, 1],
        ]);
        assert.deepEqual(await tick(), { queued: 1, attempts: 1, delivered: 0 });
        const signedAt = [seconds()];

        // The miner stays, in identical and in changed snapshots: nothing more to tell.
        for (const running of [
          [
            [IMAGE, API, 3],
            [MINER, ROGUE, 1],
          ],
          [
            [IMAGE, API, 5],
            [MINER, ROGUE, 1],
          ],
          [
            [IMAGE, API, 5],
            [MINER, ROGUE, 2],
          ],
          [
            [IMAGE, API, 5],
            [MINER, ROGUE, 2],
          ],
        ] satisfies Running[]) {
          await report('prod', running);
          assert.deepEqual(await tick(), { queued: 0, attempts: 0, delivered: 0 });
        }

        // Retries come when due, not a millisecond before.
        for (let retry = 0; retry < 2; retry++) {
          const due = Date.parse((await log('siem'))[0]?.nextAttemptAt ?? '');
          clock.now = due - 1;
          assert.equal((await tick()).attempts, 0);
          clock.now = due;
          assert.equal((await tick()).attempts, 1);
          signedAt.push(seconds());
        }
        clock.now += 24 * 3600_000;
        await report('prod', [[MINER, ROGUE, 2]]);
        assert.deepEqual(await tick(), { queued: 0, attempts: 0, delivered: 0 });

        assert.equal(receiver.received.length, 3);
        assert.equal(deliveryIds(receiver.received).size, 1, 'one delivery, tried three times');
        receiver.received.forEach((request, i) => {
          assert.equal(request.path, '/hooks/siem-7f3a');
          assert.equal(request.headers['evident-event'], 'unauthorised_change');
          assert.match(String(request.headers['evident-delivery']), /^dlv_[0-9a-f]{32}$/);
          assert.match(String(request.headers['content-type']), /^application\/json/);
          assert.equal(verifySignature(request, secret, signedAt[i] ?? 0), signedAt[i]);
          assert.throws(() => verifySignature(request, `${secret}x`, signedAt[i] ?? 0), /does not match/);
          assert.throws(() => verifySignature(request, secret, (signedAt[i] ?? 0) + 301), /signed at/);
        });
        const body = JSON.parse(receiver.received[0]?.body ?? '') as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ['change', 'environment', 'occurredAt', 'org', 'type']);
        assert.equal(body.type, 'unauthorised_change');
        assert.equal(body.org, 'acme');
        assert.equal(body.environment, 'prod');
        assert.deepEqual(
          (({ kind, name, fingerprint, instancesAfter, unauthorised, reasons, provenance }) => ({
            kind,
            name,
            fingerprint,
            instancesAfter,
            unauthorised,
            reasons,
            provenance,
          }))(body.change as Record<string, unknown>),
          {
            kind: 'started',
            name: MINER,
            fingerprint: ROGUE,
            instancesAfter: 1,
            unauthorised: true,
            reasons: [NO_PROVENANCE],
            provenance: [],
          },
        );

        // The delivery log: one delivery, every attempt with its status and times; 10 s then 20 s.
        const [delivery, ...others] = await log('siem');
        assert.equal(others.length, 0);
        assert.equal(delivery?.status, 'delivered');
        assert.equal(delivery.id, receiver.received[0]?.headers['evident-delivery']);
        assert.deepEqual(
          delivery.attempts.map((a) => [a.attempt, a.statusCode, a.error]),
          [
            [1, 500, 'HTTP 500'],
            [2, 500, 'HTTP 500'],
            [3, 200, null],
          ],
        );
        const [first, second, third] = delivery.attempts;
        const firstWait = gap(first?.finishedAt ?? '', second?.startedAt ?? '');
        const secondWait = gap(second?.finishedAt ?? '', third?.startedAt ?? '');
        assert.ok(firstWait >= 10_000 && firstWait < 11_000, `first retry after ${firstWait} ms`);
        assert.ok(secondWait >= 20_000 && secondWait < 22_000, `second retry after ${secondWait} ms`);
        assert.equal(delivery.deliveredAt, third?.finishedAt);
        await assertLedgerClean(database, services, [secret, '/hooks/siem-7f3a', 'siem-7f3a']);
      } finally {
        await receiver.close();
        await database.close();
      }
    });

    test('a Slack webhook gets a one-line message and no signature', async () => {
      const database = await backend.open();
      const slack = await startWebhookReceiver('/services/T0001/B0001/sLaCkSeCrEtPaRt');
      try {
        const { services, report, tick } = await world(database);
        const saved = await services.webhooks.save(
          'acme',
          'chat',
          { kind: 'slack', url: slack.url, environments: ['prod'] },
          admin,
        );
        assert.equal(saved.secret, undefined);
        await report('prod', [
          [IMAGE, API, 3],
          [`${MINER}<@channel>`, ROGUE, 1],
        ]);
        assert.deepEqual(await tick(), { queued: 1, attempts: 1, delivered: 1 });
        const [message] = slack.received;
        assert.equal(slack.received.length, 1);
        assert.equal(message?.headers['evident-signature'], undefined);
        assert.deepEqual(JSON.parse(message?.body ?? ''), {
          text: `Unauthorised change in prod (acme): ${MINER}&lt;@channel&gt; (sha256:${ROGUE.slice(0, 12)}) started with 1 instance — ${NO_PROVENANCE}`,
        });
        await assertLedgerClean(database, services, ['sLaCkSeCrEtPaRt']);
      } finally {
        await slack.close();
        await database.close();
      }
    });

    test('environment filters: only the environments named, a logical one standing for its members', async () => {
      const database = await backend.open();
      const [all, staging, nonprod] = await Promise.all(
        ['/all', '/staging', '/nonprod'].map((path) => startWebhookReceiver(path)),
      );
      assert.ok(all && staging && nonprod);
      try {
        const { services, report, tick, seconds } = await world(database);
        await services.environments.save(
          'acme',
          { name: 'nonprod', type: 'logical', includes: ['staging'] },
          system,
        );
        const given = `chosen-by-the-admin-${'s3cr3t'.repeat(6)}`;
        await services.webhooks.save('acme', 'all', { url: all.url }, admin);
        const filtered = await services.webhooks.save(
          'acme',
          'staging',
          { url: staging.url, secret: given, environments: ['staging'] },
          admin,
        );
        assert.equal(filtered.secret, undefined, 'a secret given is not answered back');
        await services.webhooks.save(
          'acme',
          'nonprod',
          { url: nonprod.url, environments: ['nonprod'] },
          admin,
        );

        await report('prod', [[MINER, ROGUE, 1]]);
        await tick();
        assert.deepEqual([all.received.length, staging.received.length, nonprod.received.length], [1, 0, 0]);
        await report('staging', [[MINER, ROGUE_2, 1]]);
        await tick();
        assert.deepEqual([all.received.length, staging.received.length, nonprod.received.length], [2, 1, 1]);
        const [request] = staging.received;
        assert.ok(request);
        verifySignature(request, given, seconds());
        assert.equal((JSON.parse(request.body) as { environment: string }).environment, 'staging');
        await assertLedgerClean(database, services, [given]);
      } finally {
        for (const receiver of [all, staging, nonprod]) await receiver.close();
        await database.close();
      }
    });

    test('a deleted webhook gets nothing more; created again, it hears only what happens next', async () => {
      const database = await backend.open();
      const receiver = await startWebhookReceiver('/hooks/ops', [500]);
      try {
        const { services, clock, report, tick } = await world(database);
        await services.webhooks.save('acme', 'ops', { url: receiver.url }, admin);
        await report('prod', [[MINER, ROGUE, 1]]);
        assert.equal((await tick()).attempts, 1);
        await services.webhooks.remove('acme', 'ops', admin);
        await report('staging', [[MINER, ROGUE_2, 1]]);
        clock.now += 3600_000;
        assert.deepEqual(await tick(), { queued: 0, attempts: 0, delivered: 0 });
        assert.equal(receiver.received.length, 1);
        const states = await database.db.selectFrom('webhook_deliveries').select('status').execute();
        assert.deepEqual(
          states.map((s) => s.status),
          ['cancelled'],
        );
        assert.deepEqual(await database.db.selectFrom('webhook_secrets').selectAll().execute(), []);
        await assert.rejects(services.webhooks.deliveries('acme', 'ops', undefined, 10), /not found/);

        const again = await services.webhooks.save('acme', 'ops', { url: receiver.url }, admin);
        assert.deepEqual(await tick(), { queued: 0, attempts: 0, delivered: 0 }, 'history is not replayed');
        await report('staging', []);
        await report('staging', [[MINER, ROGUE_2, 1]]);
        assert.deepEqual(await tick(), { queued: 1, attempts: 1, delivered: 1 });
        assert.equal(receiver.received.length, 2);
        assert.equal(deliveryIds(receiver.received).size, 2);
        verifySignature(receiver.received[1]!, again.secret ?? '', Math.floor(clock.now / 1000));
        await assertLedgerClean(database, services, [again.secret ?? '', '/hooks/ops']);
      } finally {
        await receiver.close();
        await database.close();
      }
    });

    test('a receiver that never answers times out and is tried again', async () => {
      const database = await backend.open();
      const receiver = await startWebhookReceiver('/slow', ['hang']);
      try {
        const { services, clock, report, tick, log } = await world(database);
        await services.webhooks.save('acme', 'slow', { url: receiver.url }, admin);
        await report('prod', [[MINER, ROGUE, 1]]);
        assert.deepEqual(await tick(), { queued: 1, attempts: 1, delivered: 0 });
        const [pending] = await log('slow');
        assert.equal(pending?.status, 'pending');
        assert.deepEqual(
          pending.attempts.map((a) => [a.statusCode, a.error]),
          [[null, 'no answer within 250 ms']],
        );
        clock.now = Date.parse(pending.nextAttemptAt ?? '');
        assert.deepEqual(await tick(), { queued: 0, attempts: 1, delivered: 1 });
        assert.equal(receiver.received.length, 2);
        assert.equal(deliveryIds(receiver.received).size, 1);
      } finally {
        await receiver.close();
        await database.close();
      }
    });

    test('a receiver that always fails is tried 10 times, backing off to an hour, then given up', async () => {
      const database = await backend.open();
      const receiver = await startWebhookReceiver('/down', Array<number>(20).fill(503));
      try {
        const { services, clock, report, tick, log } = await world(database);
        await services.webhooks.save('acme', 'down', { url: receiver.url }, admin);
        await report('prod', [[MINER, ROGUE, 1]]);
        await tick();
        for (
          let due = (await log('down'))[0]?.nextAttemptAt;
          due;
          due = (await log('down'))[0]?.nextAttemptAt
        ) {
          clock.now = Date.parse(due);
          assert.equal((await tick()).attempts, 1);
        }
        clock.now += 24 * 3600_000;
        assert.equal((await tick()).attempts, 0);
        const [failed] = await log('down');
        assert.equal(failed?.status, 'failed');
        assert.equal(failed.attempts.length, 10);
        assert.equal(receiver.received.length, 10);
        const waits = failed.attempts
          .slice(1)
          .map((a, i) => gap(failed.attempts[i]?.finishedAt ?? '', a.startedAt) / 1000);
        [10, 20, 40, 80, 160, 320, 640, 1280, 2560].forEach((base, i) => {
          const wait = waits[i] ?? 0;
          assert.ok(wait >= base && wait < base * 1.1, `retry ${i + 1} after ${wait} s`);
        });
      } finally {
        await receiver.close();
        await database.close();
      }
    });

    // Two writers on one database is a PostgreSQL property (SQLite has one writer).
    if (backend.name === 'postgres') {
      test('two notifiers on one database queue and send each notification exactly once', async () => {
        await twoNotifiers(backend);
      });
    }
  });
}

/**
 * Two server processes' notifiers (each with its own connection pool) tick at the same moments over
 * many unauthorised changes: the unique delivery key and the atomic claim mean every change is
 * queued once and POSTed once.
 */
async function twoNotifiers(backend: Backend): Promise<void> {
  const first = await backend.open();
  const url = backend.lastTarget().databaseUrl;
  assert.ok(url);
  const second = await openDatabase({ postgresUrl: url });
  const receiver = await startWebhookReceiver('/hook');
  try {
    const { services, clock, report } = await world(first);
    const other = testServices(second, { now: () => clock.now, randomBytes: (n) => randomBytes(n) });
    await services.webhooks.save('acme', 'siem', { url: receiver.url }, admin);
    const rogues = Array.from({ length: 60 }, (_, i): Running[number] => [
      `rogue-${i}`,
      sha(`rogue ${i}`),
      1,
    ]);
    await report('prod', rogues.slice(0, 20));
    await report('staging', rogues.slice(20, 40));
    const reports = { queued: 0, attempts: 0 };
    const both = async () => {
      for (const r of await Promise.all([services.notifier.tick(), other.notifier.tick()])) {
        reports.queued += r.queued;
        reports.attempts += r.attempts;
      }
    };
    await both();
    await report('prod', [...rogues.slice(0, 20), ...rogues.slice(40)]);
    await both();
    await both();
    assert.deepEqual(reports, { queued: 60, attempts: 60 });
    assert.equal(receiver.received.length, 60);
    assert.equal(deliveryIds(receiver.received).size, 60);
    const names = receiver.received.map(
      (r) => (JSON.parse(r.body) as { change: { name: string } }).change.name,
    );
    assert.deepEqual(new Set(names), new Set(rogues.map(([name]) => name)));
  } finally {
    await receiver.close();
    await second.close();
    await first.close();
  }
}
