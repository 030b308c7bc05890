// The webhook queue under concurrency, on SQLite and a real PostgreSQL: several processes (here: two
// connection pools on one database) may queue the same notifications and claim due deliveries at
// the same moment; each delivery is queued once and claimed by one of them only (issue #5 §5).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backends } from '../../test/support/backends.ts';
import { openDatabase, type OpenDatabase } from './openDatabase.ts';
import { WebhookQueue, type QueuedDelivery } from './webhookQueue.ts';

const NOW = '2026-11-19T02:30:00.000Z';
const LATER = '2026-11-19T03:30:00.000Z';

/** A second connection to the same database, as another server process would have. */
async function secondConnection(database: OpenDatabase, url: string | undefined): Promise<OpenDatabase> {
  return url === undefined ? database : openDatabase({ postgresUrl: url });
}

/** The queue as seen through each of two connections. */
function twoQueues(a: OpenDatabase, b: OpenDatabase): [WebhookQueue, WebhookQueue] {
  return [new WebhookQueue(a.db, a.dialect), new WebhookQueue(b.db, b.dialect)];
}

/** A webhook (id 7) with its credentials, as projections and the service would have left them. */
async function webhook(database: OpenDatabase): Promise<void> {
  await database.db
    .insertInto('webhooks')
    .values({
      org: 'acme',
      name: 'siem',
      kind: 'generic',
      events: '["unauthorised_change"]',
      environments: '[]',
      origin: 'http://127.0.0.1',
      secret_id: 'whs_1',
      created_at: NOW,
      updated_at: NOW,
      created_index: 7,
      updated_index: 7,
    })
    .execute();
  await database.db
    .insertInto('webhook_secrets')
    .values({ id: 'whs_1', org: 'acme', url: 'http://127.0.0.1/hook', secret: 'k'.repeat(43) })
    .execute();
}

const deliveries = (count: number): QueuedDelivery[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `dlv_${String(i).padStart(32, '0')}`,
    environment: 'prod',
    sourceIndex: 10 + i,
    payload: '{}',
  }));

for (const backend of backends()) {
  describe(`webhook queue on ${backend.name}`, { skip: backend.skip }, () => {
    test('the same notifications queued at once by two processes are queued once; cursors only advance', async () => {
      const database = await backend.open();
      const other = await secondConnection(database, backend.lastTarget().databaseUrl);
      try {
        await webhook(database);
        const queues = twoQueues(database, other);
        const batch = deliveries(1500); // more than one insert statement
        const added = await Promise.all(
          queues.map((queue) => queue.enqueue('acme', 7, 'unauthorised_change', batch, 1509, NOW)),
        );
        assert.equal(
          added.reduce((a, b) => a + b, 0),
          1500,
        );
        const count = await database.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(count.n, 1500);
        const [queue] = queues;
        assert.equal(await queue.cursor('acme', 7, 'unauthorised_change'), 1509);
        assert.equal(await queue.enqueue('acme', 7, 'unauthorised_change', [], 1200, NOW), 0);
        assert.equal(
          await queue.cursor('acme', 7, 'unauthorised_change'),
          1509,
          'a late writer never moves it back',
        );
        assert.equal(await queue.cursor('acme', 8, 'unauthorised_change'), undefined);
      } finally {
        if (other !== database) await other.close();
        await database.close();
      }
    });

    test('concurrent claims take disjoint sets, and together every due delivery', async () => {
      const database = await backend.open();
      const other = await secondConnection(database, backend.lastTarget().databaseUrl);
      try {
        await webhook(database);
        const [a, b] = twoQueues(database, other);
        await a.enqueue('acme', 7, 'unauthorised_change', deliveries(400), 409, NOW);
        const claimed = await Promise.all(
          Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? a : b).claim(NOW, LATER, `claim-${i}`, 20)),
        );
        const ids = claimed.flat().map((d) => d.id);
        assert.equal(new Set(ids).size, ids.length, 'no delivery claimed twice');
        assert.equal(ids.length, 400);
        assert.deepEqual(await b.claim(NOW, LATER, 'late', 20), [], 'nothing due is left');
        // A claim that lapsed (its holder died) is due again.
        const again = await b.claim(LATER, '2026-11-19T04:30:00.000Z', 'after-lease', 500);
        assert.equal(again.length, 400);
        const [first] = again;
        assert.ok(first);
        assert.deepEqual(
          { url: first.url, kind: first.kind, attempts: first.attempts },
          { url: 'http://127.0.0.1/hook', kind: 'generic', attempts: 0 },
        );
        // Only the holder of a claim records its attempt.
        const outcome = {
          startedAt: LATER,
          finishedAt: LATER,
          statusCode: 200,
          error: null,
          status: 'delivered',
          nextAttemptAt: null,
        } as const;
        assert.equal(await a.finish(first, 'claim-0', outcome), false);
        assert.equal(await a.finish(first, 'after-lease', outcome), true);
        assert.equal(await a.finish(first, 'after-lease', outcome), false, 'recorded once');
      } finally {
        if (other !== database) await other.close();
        await database.close();
      }
    });
  });
}
