// `evident verify` against real tampering (issue #2 "Done means"): each case edits the database the
// way an attacker with SQL access would — triggers dropped first — and must exit 5 naming the damage.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { CompactTree } from '../src/core/ledger/compactTree.ts';
import { leafHash } from '../src/core/ledger/merkleHash.ts';
import { openDatabase } from '../src/storage/openDatabase.ts';
import type { Database } from '../src/storage/schema.ts';
import { startServer } from '../src/server/startServer.ts';
import { isEvidentError } from '../src/core/errors.ts';
import { backends, type Backend } from './support/backends.ts';
import { runCli } from './support/cli.ts';

const TOKEN = `evd_${'A'.repeat(43)}`;
const EVIDENCE = 'all 42 tests passed\n';
const EVIDENCE_SHA = createHash('sha256').update(EVIDENCE).digest('hex');

/** A server's data folder (and PostgreSQL database) holding a small real history, server stopped. */
async function history(backend: Backend): Promise<{ dataDir: string; databaseUrl?: string }> {
  const database = await backend.open();
  await database.close();
  const target = backend.lastTarget();
  const server = await startServer({
    ...target,
    host: '127.0.0.1',
    port: 0,
    version: 'test',
    bootstrapToken: TOKEN,
  });
  try {
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${server.url}/api/v1/orgs/default/flows/flow-${i % 5}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: `revision ${i}` }),
      });
      assert.ok(response.ok, `HTTP ${response.status}`);
    }
    const stored = await fetch(`${server.url}/api/v1/orgs/default/evidence/${EVIDENCE_SHA}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
      body: EVIDENCE,
    });
    assert.equal(stored.status, 201);
  } finally {
    await server.close();
  }
  return target;
}

/** Opens the database with its guard-rail triggers removed, as a superuser could. */
async function tamper(
  target: { dataDir: string; databaseUrl?: string },
  edit: (db: Kysely<Database>) => Promise<void>,
) {
  const database = await openDatabase(
    target.databaseUrl !== undefined
      ? { postgresUrl: target.databaseUrl }
      : { sqlitePath: `${target.dataDir}/evident.db` },
  );
  try {
    if (database.dialect === 'postgres') {
      for (const table of ['ledger_entries', 'ledger_checkpoints', 'ledger_heads']) {
        await sql.raw(`alter table ${table} disable trigger user`).execute(database.db);
      }
    } else {
      const triggers = await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'trigger'`.execute(database.db);
      for (const { name } of triggers.rows) await sql.raw(`drop trigger ${name}`).execute(database.db);
    }
    await edit(database.db);
  } finally {
    await database.close();
  }
}

function verify(target: { dataDir: string; databaseUrl?: string }, ...extra: string[]) {
  return runCli([
    'verify',
    '--data-dir',
    target.dataDir,
    ...(target.databaseUrl !== undefined ? ['--database-url', target.databaseUrl] : []),
    ...extra,
  ]);
}

/** Rewrites every row's leaf hash and nodes and the head from the (edited) entry bytes. */
async function rehashEverything(db: Kysely<Database>): Promise<void> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['idx', 'entry'])
    .where('org', '=', 'default')
    .orderBy('idx')
    .execute();
  const tree = new CompactTree(0, []);
  for (const row of rows) {
    const leaf = leafHash(row.entry);
    const nodes = tree.append(leaf);
    await db
      .updateTable('ledger_entries')
      .set({ leaf_hash: leaf, nodes: Buffer.concat(nodes) })
      .where('org', '=', 'default')
      .where('idx', '=', row.idx)
      .execute();
  }
  await db.updateTable('ledger_heads').set({ root_hash: tree.root() }).where('org', '=', 'default').execute();
}

async function rewindTo(db: Kysely<Database>, size: number): Promise<void> {
  await db.deleteFrom('ledger_entries').where('org', '=', 'default').where('idx', '>=', size).execute();
  const rows = await db
    .selectFrom('ledger_entries')
    .select('leaf_hash')
    .where('org', '=', 'default')
    .orderBy('idx')
    .execute();
  const tree = new CompactTree(0, []);
  for (const row of rows) tree.append(row.leaf_hash);
  await db
    .updateTable('ledger_heads')
    .set({ size, root_hash: tree.root() })
    .where('org', '=', 'default')
    .execute();
}

function replaceInEntry(entry: Uint8Array, from: string, to: string): Buffer {
  const text = Buffer.from(entry).toString('utf8');
  assert.ok(text.includes(from), `entry ${text} lacks ${from}`);
  return Buffer.from(text.replace(from, to));
}

/** Entry 5 is the flow save of "revision 3"; rewrite its bytes in place. */
async function editEntry5(db: Kysely<Database>): Promise<void> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('entry')
    .where('idx', '=', 5)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('ledger_entries')
    .set({ entry: replaceInEntry(row.entry, 'revision 3', 'revision X') })
    .where('idx', '=', 5)
    .execute();
}

for (const backend of backends()) {
  describe(`evident verify on ${backend.name}`, { skip: backend.skip }, () => {
    test('an untouched ledger verifies (exit 0)', async () => {
      const target = await history(backend);
      const result = await verify(target);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /default: 15 entries/);
      assert.match(result.stdout, /^OK: /m);
    });

    test("an entry's bytes edited behind dropped triggers: exit 5 naming the entry", async () => {
      const target = await history(backend);
      await tamper(target, editEntry5);
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(result.stdout, /TAMPERED default \[leaf_hash\] entry 5:/);
    });

    test('an entry edited with its leaf hash, the stored nodes and the head recomputed: exit 5', async () => {
      const target = await history(backend);
      await tamper(target, async (db) => {
        await editEntry5(db);
        await rehashEverything(db);
      });
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.doesNotMatch(result.stdout, /\[leaf_hash\]|\[tree_node\]/);
      assert.match(result.stdout, /\[checkpoint\] stored checkpoint of size \d+: root at size \d+ is/);
    });

    test('the newest entries deleted and the head rewound: exit 5 (truncated)', async () => {
      const target = await history(backend);
      await tamper(target, (db) => rewindTo(db, 9));
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /\[truncated\] stored checkpoint of size 15 covers 15 entries, but the log holds only 9/,
      );
      // …and a server will not start on it.
      await assert.rejects(startServer({ ...target, host: '127.0.0.1', port: 0, version: 'test' }), (e) =>
        isEvidentError(e, 'tampered'),
      );
    });

    test('entries, head and checkpoints rolled back together: caught by the witness checkpoint', async () => {
      const target = await history(backend);
      await tamper(target, async (db) => {
        await rewindTo(db, 9);
        await db
          .deleteFrom('ledger_checkpoints')
          .where('org', '=', 'default')
          .where('size', '>', 9)
          .execute();
      });
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /\[witness\] checkpoint from .*default\.checkpoint covers 15 entries, but the log holds only 9/,
      );
    });

    test('a projection row edited: exit 5 naming table and row', async () => {
      const target = await history(backend);
      await tamper(target, async (db) => {
        await db
          .updateTable('flows')
          .set({ description: 'never recorded' })
          .where('name', '=', 'flow-2')
          .execute();
        await db.deleteFrom('flows').where('name', '=', 'flow-4').execute();
      });
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        /\[projection flows\] flows row flow-2: description is "never recorded", the ledger says "revision 7"/,
      );
      assert.match(result.stdout, /\[projection flows\] flows row flow-4 is missing/);
    });

    test('an evidence file changed in the vault: exit 5 naming it', async () => {
      const target = await history(backend);
      const file = join(
        target.dataDir,
        'evidence',
        'sha256',
        EVIDENCE_SHA.slice(0, 2),
        EVIDENCE_SHA.slice(2, 4),
        EVIDENCE_SHA,
      );
      writeFileSync(file, 'all 42 tests passed (really)\n');
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(
        result.stdout,
        new RegExp(`\\[evidence\\] evidence ${EVIDENCE_SHA} \\(stored by entry 14\\) now hashes to`),
      );
    });

    test('a forged checkpoint signature: exit 5', async () => {
      const target = await history(backend);
      await tamper(target, async (db) => {
        const latest = await db
          .selectFrom('ledger_checkpoints')
          .select(['size', 'note'])
          .orderBy('size', 'desc')
          .executeTakeFirstOrThrow();
        const forged = latest.note.replace(
          / (\S{8})(\S+)\n$/,
          (_m, id: string, sig: string) => ` ${id}${sig.split('').reverse().join('')}\n`,
        );
        await db
          .updateTable('ledger_checkpoints')
          .set({ note: forged })
          .where('size', '=', latest.size)
          .execute();
      });
      const result = await verify(target);
      assert.equal(result.code, 5, result.stdout + result.stderr);
      assert.match(result.stdout, /\[checkpoint\] stored checkpoint of size 15:/);
    });
  });
}
