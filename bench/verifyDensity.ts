import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { buildLog } from './buildLog.ts';
import { heading, line, num } from './log.ts';
import { benchVerify } from './verifyReplay.ts';

/** About what the server commits per batch under the HTTP benchmark's 64 clients (~45 entries). */
const SERVER_LIKE_BATCH = 64;

/**
 * The 1M-entry log is built with 4096-entry batches, so it holds only ~250 signed checkpoints; a
 * server under real load signs one per small batch (DESIGN §3). Verify checks every checkpoint, so
 * its rate depends on how many there are: this re-measures it on a log with server-like density.
 */
export async function benchVerifyDensity(database: OpenDatabase, entries: number) {
  heading(
    `SQLite: verify replay at server-like checkpoint density (${num(entries)} entries, maxBatch ${SERVER_LIKE_BATCH})`,
  );
  const start = performance.now();
  await buildLog(database, entries, SERVER_LIKE_BATCH);
  line(`built in ${num((performance.now() - start) / 1000, 1)} s`);
  return { maxBatch: SERVER_LIKE_BATCH, ...(await benchVerify(database, entries)) };
}
