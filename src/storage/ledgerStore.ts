import type { Kysely, Transaction } from 'kysely';
import { EvidentError } from '../core/errors.ts';
import type { NodeId } from '../core/ledger/treeMath.ts';
import { frontier, nodeKey } from '../core/ledger/treeMath.ts';
import type { SqlDialect } from './dialect.ts';
import type { Database } from './schema.ts';

export interface TreeHead {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly lastAt: string;
}

export interface StoredEntry {
  readonly index: number;
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
}

export interface NewEntry {
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
  /** Hashes of the perfect subtrees this leaf completes (levels 1..k), see LedgerEntryTable.nodes. */
  readonly nodes: readonly Uint8Array[];
  readonly idempotencyKey: string | null;
  readonly requestHash: Uint8Array | null;
}

export interface IdempotentMatch {
  readonly index: number;
  readonly requestHash: Uint8Array | null;
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly note: string;
  readonly createdAt: string;
}

/** Most rows one `IN (...)` list carries; SQLite allows 32766 bound parameters, PostgreSQL 65535. */
const IN_LIST_CHUNK = 4000;

/** Reads and writes of the ledger tables for one org's log (DESIGN §3). */
export class LedgerStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: SqlDialect,
    /** Where reads go (a separate read connection on SQLite); writes always use `db`. */
    private readonly reader: Kysely<Database> = db,
  ) {}

  /**
   * Runs `work` in one transaction that holds the org's tree-head row lock, so appends from any
   * number of processes are serialised per org and indices stay gapless (DESIGN §3 "Sequencing").
   */
  async withHeadLock<T>(org: string, work: (tx: LedgerWriter, head: TreeHead) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .selectFrom('ledger_heads')
        .select(['size', 'root_hash', 'last_at'])
        .where('org', '=', org);
      if (this.dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (row === undefined) throw new EvidentError('not_found', `organisation ${org} has no ledger`);
      const head = { size: row.size, rootHash: row.root_hash, lastAt: row.last_at };
      return work(new LedgerWriter(trx, org), head);
    });
  }

  async head(org: string): Promise<TreeHead | undefined> {
    const row = await this.reader
      .selectFrom('ledger_heads')
      .select(['size', 'root_hash', 'last_at'])
      .where('org', '=', org)
      .executeTakeFirst();
    return row && { size: row.size, rootHash: row.root_hash, lastAt: row.last_at };
  }

  nodes(org: string, ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    return readNodes(this.reader, org, ids);
  }

  /** The frontier hashes of the tree of `size` leaves, largest subtree first. */
  async frontierHashes(org: string, size: number): Promise<Uint8Array[]> {
    const ids = frontier(size);
    const found = await this.nodes(org, ids);
    return ids.map((id) => mustGet(found, id));
  }

  async entries(org: string, start: number, end: number): Promise<StoredEntry[]> {
    const rows = await this.reader
      .selectFrom('ledger_entries')
      .select(['idx', 'entry', 'leaf_hash'])
      .where('org', '=', org)
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => ({ index: r.idx, entry: r.entry, leafHash: r.leaf_hash }));
  }

  /** Every stored row of a range, with its nodes, for the verifier's replay. */
  async rawEntries(org: string, start: number, end: number) {
    return this.reader
      .selectFrom('ledger_entries')
      .select(['idx', 'entry', 'leaf_hash', 'nodes'])
      .where('org', '=', org)
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
  }

  async entryCount(org: string): Promise<number> {
    const row = await this.reader
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org', '=', org)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async latestCheckpoint(org: string): Promise<StoredCheckpoint | undefined> {
    const row = await this.reader
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .where('org', '=', org)
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toCheckpoint(row);
  }

  async checkpoints(org: string): Promise<StoredCheckpoint[]> {
    const rows = await this.reader
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .where('org', '=', org)
      .orderBy('size')
      .execute();
    return rows.map(toCheckpoint);
  }

  async orgsWithLogs(): Promise<string[]> {
    const rows = await this.reader.selectFrom('ledger_heads').select('org').orderBy('org').execute();
    return rows.map((r) => r.org);
  }
}

/** Writes inside the head-locked transaction. */
export class LedgerWriter {
  constructor(
    readonly trx: Transaction<Database>,
    readonly org: string,
  ) {}

  async idempotencyMatches(keys: readonly string[]): Promise<Map<string, IdempotentMatch>> {
    const found = new Map<string, IdempotentMatch>();
    for (let i = 0; i < keys.length; i += IN_LIST_CHUNK) {
      const rows = await this.trx
        .selectFrom('ledger_entries')
        .select(['idx', 'idempotency_key', 'request_hash'])
        .where('org', '=', this.org)
        .where('idempotency_key', 'in', keys.slice(i, i + IN_LIST_CHUNK))
        .execute();
      for (const r of rows) {
        if (r.idempotency_key !== null)
          found.set(r.idempotency_key, { index: r.idx, requestHash: r.request_hash });
      }
    }
    return found;
  }

  nodes(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    return readNodes(this.trx, this.org, ids);
  }

  async insertEntries(firstIndex: number, entries: readonly NewEntry[]): Promise<void> {
    // Stay under both databases' bound-parameter limits: 7 parameters a row.
    const rowsPerStatement = 1000;
    for (let i = 0; i < entries.length; i += rowsPerStatement) {
      await this.trx
        .insertInto('ledger_entries')
        .values(
          entries.slice(i, i + rowsPerStatement).map((e, j) => ({
            org: this.org,
            idx: firstIndex + i + j,
            entry: e.entry,
            leaf_hash: e.leafHash,
            nodes: concat(e.nodes),
            idempotency_key: e.idempotencyKey,
            request_hash: e.requestHash,
          })),
        )
        .execute();
    }
  }

  async checkpointNote(size: number): Promise<string> {
    const row = await this.trx
      .selectFrom('ledger_checkpoints')
      .select('note')
      .where('org', '=', this.org)
      .where('size', '=', size)
      .executeTakeFirst();
    if (row === undefined)
      throw new EvidentError('tampered', `no signed checkpoint for the head of size ${size}`);
    return row.note;
  }

  async advanceHead(head: TreeHead, checkpointNote: string): Promise<void> {
    await this.trx
      .updateTable('ledger_heads')
      .set({ size: head.size, root_hash: head.rootHash, last_at: head.lastAt })
      .where('org', '=', this.org)
      .execute();
    await this.trx
      .insertInto('ledger_checkpoints')
      .values({
        org: this.org,
        size: head.size,
        root_hash: head.rootHash,
        note: checkpointNote,
        created_at: head.lastAt,
      })
      .execute();
  }
}

/** Creates an org's empty log: its head row and the signed checkpoint of the empty tree. */
export async function createLog(
  db: Kysely<Database>,
  org: string,
  emptyRoot: Uint8Array,
  at: string,
  checkpointNote: string,
): Promise<void> {
  await db.insertInto('ledger_heads').values({ org, size: 0, root_hash: emptyRoot, last_at: at }).execute();
  await db
    .insertInto('ledger_checkpoints')
    .values({ org, size: 0, root_hash: emptyRoot, note: checkpointNote, created_at: at })
    .execute();
}

/**
 * Node (L, i) of a perfect subtree lives in the row of the leaf that completed it,
 * (i+1)·2^L − 1, at offset (L−1)·32 of `nodes`; level 0 is the leaf hash itself.
 */
async function readNodes(
  db: Kysely<Database>,
  org: string,
  ids: readonly NodeId[],
): Promise<Map<string, Uint8Array>> {
  const rows = new Set<number>();
  for (const id of ids) rows.add(completingLeaf(id));
  const wanted = [...rows];
  const byRow = new Map<number, { leaf_hash: Uint8Array; nodes: Uint8Array }>();
  for (let i = 0; i < wanted.length; i += IN_LIST_CHUNK) {
    const found = await db
      .selectFrom('ledger_entries')
      .select(['idx', 'leaf_hash', 'nodes'])
      .where('org', '=', org)
      .where('idx', 'in', wanted.slice(i, i + IN_LIST_CHUNK))
      .execute();
    for (const r of found) byRow.set(r.idx, r);
  }
  const result = new Map<string, Uint8Array>();
  for (const id of ids) {
    const row = byRow.get(completingLeaf(id));
    if (row === undefined) continue;
    const hash = id.level === 0 ? row.leaf_hash : row.nodes.subarray((id.level - 1) * 32, id.level * 32);
    if (hash.length === 32) result.set(nodeKey(id), hash);
  }
  return result;
}

function completingLeaf(id: NodeId): number {
  return (id.index + 1) * 2 ** id.level - 1;
}

export function mustGet(found: Map<string, Uint8Array>, id: NodeId): Uint8Array {
  const hash = found.get(nodeKey(id));
  if (hash === undefined) {
    throw new EvidentError('tampered', `stored tree node level ${id.level} index ${id.index} is missing`);
  }
  return hash;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}

function toCheckpoint(row: { size: number; root_hash: Uint8Array; note: string; created_at: string }) {
  return { size: row.size, rootHash: row.root_hash, note: row.note, createdAt: row.created_at };
}
