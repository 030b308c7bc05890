import type { Transaction } from 'kysely';
import type { CommittedEvent } from '../core/model/ledgerEvent.ts';
import type { Database } from '../storage/schema.ts';

/**
 * Derives query tables from one committed event, inside the append transaction (DESIGN §2 "Event
 * sourcing"). The same function rebuilds projections from the ledger, so it must depend on nothing
 * but the event and the tables it writes.
 */
export type Projector = (trx: Transaction<Database>, org: string, event: CommittedEvent) => Promise<void>;

/** Routes events to the projector of their type; events with no projector change no table. */
export class Projectors {
  private readonly byType = new Map<string, Projector>();

  register(type: string, projector: Projector): this {
    this.byType.set(type, projector);
    return this;
  }

  async apply(trx: Transaction<Database>, org: string, event: CommittedEvent): Promise<void> {
    await this.byType.get(event.type)?.(trx, org, event);
  }
}
