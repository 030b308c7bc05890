// Storage contract suite (DESIGN §6): the same ledger behaviour on SQLite and on a real PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { hashFromHex, rootOf } from '../src/core/ledger/merkleHash.ts';
import { verifyConsistency, verifyInclusion } from '../src/core/ledger/proofVerify.ts';
import { verifyReceipt } from '../src/core/ledger/receiptVerify.ts';
import { verifierFromVkey } from '../src/core/ledger/signedNote.ts';
import { isEvidentError } from '../src/core/errors.ts';
import type { Receipt } from '../src/service/receipt.ts';
import { backends } from './support/backends.ts';
import { TEST_KEY, testServices } from './support/services.ts';

const verifier = verifierFromVkey(TEST_KEY.vkey);
const system = { type: 'system' } as const;

function checkReceipt(receipt: Receipt, origin: string): void {
  assert.equal(verifyReceipt(receipt, [verifier]).origin, origin);
}

for (const backend of backends()) {
  describe(`ledger on ${backend.name}`, { skip: backend.skip }, () => {
    test('concurrent appends are batched into gapless, provable entries', async () => {
      const database = await backend.open();
      const services = testServices(database, { maxBatch: 64 });
      try {
        await services.access.createOrg('acme', system);
        const receipts = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            services.flows.save('acme', { name: `flow-${i}`, description: `#${i}` }, system),
          ),
        );
        const indices = receipts.map((r) => r.receipt.index).sort((a, b) => a - b);
        assert.deepEqual(
          indices,
          Array.from({ length: 300 }, (_, i) => i + 1),
        );
        for (const { receipt } of receipts) checkReceipt(receipt, 'evident.test/acme');
        const checkpoints = await services.ledgerStore.checkpoints('acme');
        // Group commit: far fewer checkpoints (one per batch) than entries, never more than 64 a batch.
        assert.ok(checkpoints.length < 100, `${checkpoints.length} checkpoints for 301 entries`);
        for (let i = 1; i < checkpoints.length; i++) {
          const gap = checkpoints[i]!.size - checkpoints[i - 1]!.size;
          assert.ok(gap >= 1 && gap <= 64, `batch of ${gap}`);
        }
        assert.equal(checkpoints.at(-1)?.size, 301);
      } finally {
        await database.close();
      }
    });

    test('proofs from storage match an independent tree for every index and size', async () => {
      const database = await backend.open();
      const services = testServices(database, { maxBatch: 5 });
      try {
        await services.access.createOrg('acme', system);
        for (let i = 0; i < 40; i++)
          await services.flows.save('acme', { name: `f${i}`, description: '' }, system);
        const entries = await services.ledger.entries('acme', 0, 1000);
        assert.equal(entries.length, 41);
        const leaves = entries.map((e) => e.leafHash);
        for (let size = 1; size <= leaves.length; size++) {
          const root = rootOf(leaves.slice(0, size));
          for (let index = 0; index < size; index++) {
            const proof = await services.ledger.inclusionProof('acme', index, size);
            verifyInclusion(index, size, leaves[index]!, proof.map(hashFromHex), root);
          }
          for (let from = 1; from <= size; from++) {
            const proof = await services.ledger.consistencyProof('acme', from, size);
            verifyConsistency(from, size, proof.map(hashFromHex), rootOf(leaves.slice(0, from)), root);
          }
        }
        await assert.rejects(services.ledger.inclusionProof('acme', 41, 41), (e) =>
          isEvidentError(e, 'bad_request'),
        );
        await assert.rejects(services.ledger.inclusionProof('acme', 0, 42), (e) =>
          isEvidentError(e, 'bad_request'),
        );
        await assert.rejects(services.ledger.consistencyProof('acme', 0, 5), (e) =>
          isEvidentError(e, 'bad_request'),
        );
        await assert.rejects(services.ledger.consistencyProof('acme', 6, 5), (e) =>
          isEvidentError(e, 'bad_request'),
        );
      } finally {
        await database.close();
      }
    });

    test('saves of one flow within a batch project as the log orders them', async () => {
      const database = await backend.open();
      const services = testServices(database);
      try {
        await services.access.createOrg('acme', system);
        await services.flows.save('acme', { name: 'api', description: 'v0' }, system);
        const saves = await Promise.all(
          ['v1', 'v2', 'v3'].map((description) =>
            services.flows.save('acme', { name: 'api', description }, system),
          ),
        );
        const last = saves.at(-1)!.receipt.index;
        assert.deepEqual(
          saves.map((s) => s.receipt.index),
          [last - 2, last - 1, last],
          'one batch',
        );
        const flow = await services.flows.get('acme', 'api');
        assert.deepEqual([flow?.description, flow?.createdIndex, flow?.updatedIndex], ['v3', 1, last]);
        // Another flow first created and then changed inside one batch.
        await Promise.all(
          ['a', 'b'].map((description) => services.flows.save('acme', { name: 'new', description }, system)),
        );
        const fresh = await services.flows.get('acme', 'new');
        assert.deepEqual([fresh?.description, fresh!.updatedIndex - fresh!.createdIndex], ['b', 1]);
      } finally {
        await database.close();
      }
    });

    test('idempotency keys: a retry replays, another body conflicts, nothing is appended twice', async () => {
      const database = await backend.open();
      const services = testServices(database);
      try {
        await services.access.createOrg('acme', system);
        const key = { key: 'build-42', requestHash: new Uint8Array(32).fill(1) };
        const [a, b] = await Promise.all([
          services.flows.save('acme', { name: 'api', description: 'x' }, system, key),
          services.flows.save('acme', { name: 'api', description: 'x' }, system, key),
        ]);
        assert.equal(a.receipt.index, b.receipt.index);
        assert.deepEqual([a.receipt.replayed, b.receipt.replayed].sort(), [false, true]);
        const later = await services.flows.save('acme', { name: 'api', description: 'x' }, system, key);
        assert.equal(later.receipt.index, a.receipt.index);
        assert.equal(later.receipt.replayed, true);
        checkReceipt(later.receipt, 'evident.test/acme');
        await assert.rejects(
          services.flows.save('acme', { name: 'api', description: 'y' }, system, {
            key: 'build-42',
            requestHash: new Uint8Array(32).fill(2),
          }),
          (e) => isEvidentError(e, 'idempotency_conflict'),
        );
        assert.equal((await services.ledgerStore.head('acme'))?.size, 2);
      } finally {
        await database.close();
      }
    });

    test('a bad request in a batch fails alone; an oversized entry changes nothing', async () => {
      const database = await backend.open();
      const services = testServices(database);
      try {
        await services.access.createOrg('acme', system);
        await services.flows.save('acme', { name: 'api', description: 'x' }, system, {
          key: 'k',
          requestHash: new Uint8Array(32),
        });
        const results = await Promise.allSettled([
          services.flows.save('acme', { name: 'a1', description: '' }, system),
          services.flows.save('acme', { name: 'api', description: 'z' }, system, {
            key: 'k',
            requestHash: new Uint8Array(32).fill(9),
          }),
          services.flows.save('acme', { name: 'a2', description: '' }, system),
        ]);
        assert.deepEqual(
          results.map((r) => r.status),
          ['fulfilled', 'rejected', 'fulfilled'],
        );
        const before = await services.ledgerStore.head('acme');
        await assert.rejects(
          services.sequencer.append('acme', {
            event: {
              type: 'flow.saved',
              actor: system,
              data: { name: 'big', description: 'x'.repeat(70_000) },
            },
          }),
          (e) => isEvidentError(e, 'entry_too_large'),
        );
        assert.deepEqual(await services.ledgerStore.head('acme'), before);
      } finally {
        await database.close();
      }
    });

    test('triggers refuse UPDATE, DELETE and TRUNCATE of ledger rows and shrinking a head', async () => {
      const database = await backend.open();
      const services = testServices(database);
      const { db } = database;
      try {
        await services.access.createOrg('acme', system);
        await services.flows.save('acme', { name: 'api', description: 'x' }, system);
        await sql`insert into server_meta (key, value) values ('origin', 'evident.test')`.execute(db);
        const refused = /append_only/;
        await assert.rejects(
          sql`update ledger_entries set entry = ${Buffer.from('{}')}`.execute(db),
          refused,
        );
        await assert.rejects(sql`delete from ledger_entries where idx = 1`.execute(db), refused);
        await assert.rejects(sql`update ledger_checkpoints set note = 'x'`.execute(db), refused);
        await assert.rejects(sql`delete from ledger_checkpoints`.execute(db), refused);
        await assert.rejects(sql`update server_meta set value = 'x'`.execute(db), refused);
        await assert.rejects(sql`update ledger_heads set size = 0`.execute(db), refused);
        await assert.rejects(sql`delete from ledger_heads`.execute(db), refused);
        if (backend.name === 'postgres') {
          for (const table of ['ledger_entries', 'ledger_checkpoints', 'ledger_heads', 'server_meta']) {
            await assert.rejects(sql.raw(`truncate ${table} cascade`).execute(db), refused);
          }
        }
        assert.equal(await services.ledgerStore.entryCount('acme'), 2);
      } finally {
        await database.close();
      }
    });
  });
}
