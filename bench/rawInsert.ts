import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

/**
 * Baselines for ledger append (DESIGN §9 "≥ 50% of raw insert throughput of the same bytes"): the
 * same entry bytes, the same rows per transaction and the same durability settings, written by the
 * driver directly into a plain table with the ledger's primary key — no hashing, no tree nodes, no
 * checkpoint, no Kysely. Each returns the milliseconds the inserts took.
 */

const TABLE =
  'create table bench_entries (org text not null, idx integer not null, entry blob not null, primary key (org, idx))';

/** better-sqlite3 with the pragmas openDatabase uses: WAL and synchronous=FULL (fsync per commit). */
export function rawSqliteInsert(
  path: string,
  entries: readonly Uint8Array[],
  batch: number,
  warm: number,
): number {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(TABLE);
    const insert = db.prepare('insert into bench_entries (org, idx, entry) values (?, ?, ?)');
    const writeBatch = db.transaction((first: number, rows: readonly Uint8Array[]) => {
      rows.forEach((entry, j) => insert.run('default', first + j, entry));
    });
    for (let i = 0; i < warm; i += batch) writeBatch(i, entries.slice(i, Math.min(i + batch, warm)));
    const start = performance.now();
    for (let i = warm; i < entries.length; i += batch) writeBatch(i, entries.slice(i, i + batch));
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** pg: one multi-row INSERT per transaction of `batch` rows, on one connection (like one sequencer). */
export async function rawPostgresInsert(
  url: string,
  entries: readonly Uint8Array[],
  batch: number,
  warm: number,
): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(TABLE.replace('idx integer', 'idx bigint').replace('entry blob', 'entry bytea'));
    const writeBatch = async (first: number, rows: readonly Uint8Array[]) => {
      const values = rows.map((_, j) => `($${3 * j + 1}, $${3 * j + 2}, $${3 * j + 3})`).join(', ');
      const params = rows.flatMap((entry, j) => ['default', first + j, Buffer.from(entry)]);
      await client.query('begin');
      await client.query(`insert into bench_entries (org, idx, entry) values ${values}`, params);
      await client.query('commit');
    };
    for (let i = 0; i < warm; i += batch) await writeBatch(i, entries.slice(i, Math.min(i + batch, warm)));
    const start = performance.now();
    for (let i = warm; i < entries.length; i += batch) await writeBatch(i, entries.slice(i, i + batch));
    return performance.now() - start;
  } finally {
    await client.end();
  }
}
