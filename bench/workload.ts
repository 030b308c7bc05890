import { canonicalBytes } from '../src/core/ledger/canonicalJson.ts';
import { entryObject, type LedgerEvent } from '../src/core/model/ledgerEvent.ts';

/** Event type with no projector: appends of it measure the ledger alone. */
export const PURE_LEDGER_EVENT = 'bench.event';
/** A domain event whose projector also upserts the `flows` table. */
export const FLOW_EVENT = 'flow.saved';

const SYSTEM = { type: 'system' } as const;

/** The i-th benchmark event: a flow-shaped payload (~150 bytes as an entry), distinct per i. */
export function benchEvent(type: string, i: number): LedgerEvent {
  const name = `flow-${String(i).padStart(7, '0')}`;
  return { type, actor: SYSTEM, data: { name, description: `benchmark pipeline ${i} of the delivery flow` } };
}

/**
 * The exact bytes the sequencer stores for `benchEvent(type, i)`: the same canonicalisation
 * (RFC 8785 via canonicalBytes) and a fixed-width RFC 3339 time, so baselines write byte-for-byte
 * the same amount of data.
 */
export function entryBytes(type: string, i: number): Uint8Array {
  return canonicalBytes(
    entryObject(benchEvent(type, i), new Date(Date.UTC(2026, 10, 19, 2, 30) + i).toISOString()),
  );
}

/**
 * Runs `submit(0..total-1)` with at most `window` calls in flight. A window of a few batches keeps
 * the sequencer's batches full without queueing a million promises at once.
 */
export async function pump(
  total: number,
  window: number,
  submit: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) await submit(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, total) }, worker));
}
