import type { Transaction } from 'kysely';
import type { CommittedEvent } from '../core/model/ledgerEvent.ts';
import type { Database } from '../storage/schema.ts';

/**
 * Derives query tables from committed events, inside the append transaction (DESIGN §2 "Event
 * sourcing"). It receives a run of consecutive events of its type, in log order, so it can write
 * them with one statement instead of one round trip each. The same function rebuilds projections
 * from the ledger, so it must depend on nothing but the events and the tables it writes.
 */
export type Projector = (
  trx: Transaction<Database>,
  org: string,
  events: readonly CommittedEvent[],
) => Promise<void>;

/** Routes events to the projector of their type; events with no projector change no table. */
export class Projectors {
  private readonly byType = new Map<string, Projector>();

  register(type: string, projector: Projector): this {
    this.byType.set(type, projector);
    return this;
  }

  /** Applies events in log order: each run of consecutive events of one type goes in one call. */
  async apply(trx: Transaction<Database>, org: string, events: readonly CommittedEvent[]): Promise<void> {
    let start = 0;
    while (start < events.length) {
      const type = (events[start] as CommittedEvent).type;
      let end = start + 1;
      while (end < events.length && (events[end] as CommittedEvent).type === type) end++;
      await this.byType.get(type)?.(trx, org, events.slice(start, end));
      start = end;
    }
  }
}
