import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { buildLog } from './buildLog.ts';
import { heading, line, num } from './log.ts';
import { benchProofs } from './proofLatency.ts';
import { rate } from './stats.ts';
import { benchVerify } from './verifyReplay.ts';

/**
 * Proof latency and verify replay need a big log: build it once per backend through the real
 * Sequencer, then run both benchmarks on it (proofs first, while nothing else competes for cache).
 */
export async function benchAtScale(
  label: string,
  database: OpenDatabase,
  entries: number,
  batch: number,
  proofs: number,
) {
  heading(`${label}: building a ${num(entries)}-entry log through the Sequencer (maxBatch ${batch})`);
  const start = performance.now();
  const services = await buildLog(database, entries, batch);
  const buildMs = performance.now() - start;
  line(`built in ${num(buildMs / 1000, 1)} s (${num(rate(entries, buildMs))} entries/s)`);
  heading(`${label}: proof latency from storage at ${num(entries)} entries, ${num(proofs)} of each kind`);
  const proofFigures = await benchProofs(services, database, entries, proofs);
  heading(`${label}: verify replay of ${num(entries)} entries`);
  const verifyFigures = await benchVerify(database, entries);
  return {
    entries,
    build: {
      maxBatch: batch,
      seconds: Math.round(buildMs / 100) / 10,
      entriesPerSec: rate(entries, buildMs),
    },
    proofs: proofFigures,
    verify: verifyFigures,
  };
}
