// The record of verification runs (migration 0008) on SQLite and a real PostgreSQL: what is stored
// comes back as it was, newest first, and each org keeps only its newest runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VerificationRun } from '../core/model/verificationRun.ts';
import { backends } from '../../test/support/backends.ts';
import { VerificationRunStore } from './verificationRunStore.ts';

function run(n: number, ok = true): VerificationRun {
  return {
    id: `run-${String(n).padStart(4, '0')}`,
    startedAt: new Date(Date.UTC(2026, 10, 19, 0, 0, 0, n * 10)).toISOString(),
    finishedAt: new Date(Date.UTC(2026, 10, 19, 0, 0, 0, n * 10 + 5)).toISOString(),
    ok,
    size: 1000 + n,
    rootHash: 'ab'.repeat(32),
    findingCount: ok ? 0 : 60,
    findings: ok
      ? []
      : [
          { kind: 'leaf_hash', index: 5, message: 'entry 5: stored leaf hash …' },
          { kind: 'projection', table: 'flows', message: 'flows row x is missing' },
        ],
    by: { type: 'token', id: 'tok_1', role: 'auditor', user: 'alice' },
  };
}

for (const backend of backends()) {
  describe(`verification runs on ${backend.name}`, { skip: backend.skip }, () => {
    test('a run comes back as recorded; the latest is the newest', async () => {
      const database = await backend.open();
      try {
        const store = new VerificationRunStore(database.db, database.reader);
        assert.equal(await store.latest('acme'), undefined);
        await store.record('acme', run(1), 100);
        await store.record('acme', run(2, false), 100);
        assert.deepEqual(await store.latest('acme'), run(2, false));
        assert.deepEqual(await store.list('acme', 10), [run(2, false), run(1)]);
        assert.deepEqual(await store.list('globex', 10), []);
      } finally {
        await database.close();
      }
    });

    test('each org keeps its newest runs only', async () => {
      const database = await backend.open();
      try {
        const store = new VerificationRunStore(database.db, database.reader);
        await store.record('globex', run(0), 100);
        for (let n = 1; n <= 105; n++) await store.record('acme', run(n), 100);
        const kept = await store.list('acme', 1000);
        assert.equal(kept.length, 100);
        assert.deepEqual(
          kept.map((r) => r.id),
          Array.from({ length: 100 }, (_, i) => run(105 - i).id),
        );
        assert.deepEqual(await store.list('globex', 10), [run(0)], "another org's runs stay");
        assert.deepEqual(
          (await store.list('acme', 3)).map((r) => r.id),
          [run(105).id, run(104).id, run(103).id],
        );
      } finally {
        await database.close();
      }
    });
  });
}
