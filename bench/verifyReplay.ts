import { leafHash } from '../src/core/ledger/merkleHash.ts';
import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { verifyLedger } from '../src/service/verify/verifyLedger.ts';
import { TEST_KEY } from '../test/support/services.ts';
import { LOG_ORG } from './buildLog.ts';
import { line, num } from './log.ts';
import { rate, ratio } from './stats.ts';

const TARGET_PER_SEC = 100_000;
/** The page size replayLog reads with, so the baseline reads the same way. */
const PAGE = 10_000;

/**
 * DESIGN §9 "full verify replay ≥ 100,000 entries/s": the whole `evident verify` pipeline
 * (verifyLedger: checkpoint signatures, re-hash of every leaf and node, canonical-JSON check,
 * projection rebuild and compare) on the log just built. Baseline: the irreducible part of that
 * work in the same run — read every entry in the same pages through the same Kysely database and
 * compute its leaf hash SHA-256(0x00‖entry).
 */
export async function benchVerify(database: OpenDatabase, size: number) {
  const scan = await scanAndHash(database, size);
  const start = performance.now();
  const report = await verifyLedger({
    database,
    vkeys: [TEST_KEY.vkey],
    external: [],
    now: () => performance.now(),
  });
  const verifyMs = performance.now() - start;
  if (!report.ok || report.orgs[0]?.entries !== size) {
    throw new Error(`verify did not pass cleanly: ${JSON.stringify(report.findings.slice(0, 3))}`);
  }
  const verifyRate = rate(size, verifyMs);
  const baselineRate = rate(size, scan.ms);
  const r = ratio(verifyRate, baselineRate);
  line(
    `read + leaf-hash every entry (baseline): ${num(baselineRate)} entries/s (SHA-256 alone: ${num(rate(size, scan.hashMs))}/s)`,
  );
  line(
    `verifyLedger (full replay, ok, ${num(report.orgs[0].checkpoints)} checkpoints): ${num(verifyRate)} entries/s → ${num(r, 3)}× baseline`,
  );
  line(
    `absolute target ≥ ${num(TARGET_PER_SEC)} entries/s: ${verifyRate >= TARGET_PER_SEC ? 'met' : 'NOT met'}`,
  );
  return {
    entries: size,
    checkpoints: report.orgs[0].checkpoints,
    entriesPerSec: verifyRate,
    baseline: {
      what: 'page scan via Kysely + SHA-256 leaf hash',
      entriesPerSec: baselineRate,
      sha256OnlyPerSec: rate(size, scan.hashMs),
    },
    ratio: r,
    target: { entriesPerSec: TARGET_PER_SEC, met: verifyRate >= TARGET_PER_SEC },
  };
}

async function scanAndHash(database: OpenDatabase, size: number): Promise<{ ms: number; hashMs: number }> {
  let hashMs = 0;
  let seen = 0;
  const start = performance.now();
  for (let first = 0; first < size; first += PAGE) {
    const rows = await database.db
      .selectFrom('ledger_entries')
      .select(['idx', 'entry'])
      .where('org', '=', LOG_ORG)
      .where('idx', '>=', first)
      .where('idx', '<', first + PAGE)
      .orderBy('idx')
      .execute();
    const hashStart = performance.now();
    for (const row of rows) leafHash(row.entry);
    hashMs += performance.now() - hashStart;
    seen += rows.length;
  }
  if (seen !== size) throw new Error(`scan read ${seen} entries, expected ${size}`);
  return { ms: performance.now() - start, hashMs };
}
