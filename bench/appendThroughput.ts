import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { testServices } from '../test/support/services.ts';
import { heading, line, num, verdict } from './log.ts';
import { median, rate, ratio } from './stats.ts';
import { benchEvent, entryBytes, FLOW_EVENT, pump, PURE_LEDGER_EVENT } from './workload.ts';

/** Where one append benchmark runs: fresh databases for the engine and a raw-insert baseline. */
export interface AppendTarget {
  readonly name: string;
  /** A fresh, migrated, empty Evident database. */
  open(): Promise<OpenDatabase>;
  /** Writes `entries` raw in transactions of `batch` rows; the first `warm` untimed. Returns ms. */
  rawInsert(entries: readonly Uint8Array[], batch: number, warm: number): Promise<number>;
}

const ORG = 'default';
const RAW_RUNS = 3;

interface EngineRun {
  readonly ms: number;
  readonly bytes: number;
  readonly commits: number;
}

/**
 * Appends `count` events through the real Sequencer → LedgerStore (group commit, Merkle nodes,
 * signed checkpoint per batch, projections) with enough requests in flight that batches fill.
 */
async function engineAppend(
  target: AppendTarget,
  type: string,
  count: number,
  batch: number,
  warm: number,
): Promise<EngineRun> {
  const database = await target.open();
  try {
    const services = testServices(database, { maxBatch: batch });
    await services.access.createOrg(ORG, { type: 'system' });
    const append = (i: number) => services.sequencer.append(ORG, { event: benchEvent(type, i) });
    const window = batch * 4;
    // Warm-up (JIT, statement caches, first WAL growth), untimed; the baseline gets the same.
    await pump(warm, window, append);
    const first = (await services.ledgerStore.head(ORG))?.size ?? 0;
    const start = performance.now();
    await pump(count, window, (i) => append(warm + i));
    const ms = performance.now() - start;
    const rows = await services.ledgerStore.rawEntries(ORG, first, first + count);
    const commits = (await services.ledgerStore.checkpoints(ORG)).filter((c) => c.size > first).length;
    return { ms, bytes: rows.reduce((sum, r) => sum + r.entry.length, 0), commits };
  } finally {
    await database.close();
  }
}

/** DESIGN §9 "ledger append, embedded, batched: ≥ 50% of raw insert throughput of the same bytes". */
export async function benchAppend(target: AppendTarget, count: number, batch: number) {
  heading(
    `Ledger append, batched (${target.name}): ${num(count)} entries, ${batch} per transaction, durable commits`,
  );
  const warm = batch * 4;
  const result: Record<string, unknown> = { entries: count, batch };
  for (const [label, type] of [
    ['pure', PURE_LEDGER_EVENT],
    ['flow', FLOW_EVENT],
  ] as const) {
    const entries = Array.from({ length: warm + count }, (_, i) => entryBytes(type, i));
    // The raw runs are short (fsync jitter shows), so take the median of three fresh databases.
    const rawRuns: number[] = [];
    for (let run = 0; run < RAW_RUNS; run++) rawRuns.push(await target.rawInsert(entries, batch, warm));
    const rawMs = median(rawRuns);
    const rawRate = rate(count, rawMs);
    const engine = await engineAppend(target, type, count, batch, warm);
    const engineRate = rate(count, engine.ms);
    const rawBytes = entries.slice(warm).reduce((sum, e) => sum + e.length, 0);
    const r = ratio(engineRate, rawRate);
    const what =
      label === 'pure' ? `'${type}' (no projector: ledger only)` : `'${type}' (+ flows projection upsert)`;
    line(what);
    line(
      `  raw ${target.name} insert of the same bytes: ${num(rawRate)} entries/s (median of ${RAW_RUNS} runs)`,
    );
    line(
      `  Evident Sequencer/LedgerStore:        ${num(engineRate)} entries/s, ${num(count / engine.commits, 1)} entries/commit` +
        ` → ratio ${verdict(r, '≥ 0.5', r >= 0.5)}`,
    );
    line(
      `  bytes per run: ${num(rawBytes)} (engine wrote ${engine.bytes === rawBytes ? 'the same' : num(engine.bytes)})`,
    );
    result[label] = {
      eventType: type,
      entriesPerSec: engineRate,
      baselineEntriesPerSec: rawRate,
      ratio: r,
      target: 0.5,
      met: r >= 0.5,
      entriesPerCommit: Math.round((count / engine.commits) * 10) / 10,
      entryBytes: engine.bytes,
      baselineEntryBytes: rawBytes,
    };
  }
  return result;
}
