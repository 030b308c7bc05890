import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import type { EvidentServices } from '../src/service/evidentServices.ts';
import { TEST_ORIGIN, testServices } from '../test/support/services.ts';
import { line, num } from './log.ts';
import { rate } from './stats.ts';
import { benchEvent, pump, PURE_LEDGER_EVENT } from './workload.ts';

export const LOG_ORG = 'default';

/**
 * Fills one org's log with `entries` entries through the real Sequencer (large batches so it is
 * quick), as the fixture for the proof and verify benchmarks: the rows, nodes and checkpoints are
 * exactly what production writes. The origin is recorded like `evident server` does, so `verify`
 * can check the checkpoints' origin line.
 */
export async function buildLog(
  database: OpenDatabase,
  entries: number,
  batch: number,
): Promise<EvidentServices> {
  const services = testServices(database, { maxBatch: batch });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  await services.access.createOrg(LOG_ORG, { type: 'system' });
  const start = performance.now();
  const step = Math.max(batch, Math.round(entries / 10 / batch) * batch);
  // org.created is entry 0; append the rest in slices to print progress.
  for (let done = 1; done < entries;) {
    const slice = Math.min(step, entries - done);
    const first = done;
    await pump(slice, batch * 4, (i) =>
      services.sequencer.append(LOG_ORG, { event: benchEvent(PURE_LEDGER_EVENT, first + i) }),
    );
    done += slice;
    line(`  … ${num(done)} entries (${num(rate(done, performance.now() - start))}/s)`);
  }
  return services;
}
