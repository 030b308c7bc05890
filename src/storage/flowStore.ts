import type { Kysely, Transaction } from 'kysely';
import type { Flow } from '../core/model/flow.ts';
import type { Database, FlowTable } from './schema.ts';

/** The `flows` projection. */
export class FlowStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(org: string, name: string): Promise<Flow | undefined> {
    const row = await this.db
      .selectFrom('flows')
      .selectAll()
      .where('org', '=', org)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toFlow(row);
  }

  /** Flows ordered by name, after the `after` cursor. */
  async list(org: string, after: string | undefined, limit: number): Promise<Flow[]> {
    let query = this.db.selectFrom('flows').selectAll().where('org', '=', org);
    if (after !== undefined) query = query.where('name', '>', after);
    const rows = await query.orderBy('name').limit(limit).execute();
    return rows.map(toFlow);
  }
}

/** Rows per statement: 7 parameters each stays under both databases' bound-parameter limits. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Projects `flow.saved` events, in log order, with one upsert per 1000 flows. Saves of one name
 * within the run fold into one row first (a statement may not upsert a row twice): created from the
 * first save, description and updated from the last.
 */
export async function saveFlows(
  trx: Transaction<Database>,
  org: string,
  saves: readonly { name: string; description: string; at: string; index: number }[],
): Promise<void> {
  const rows = new Map<string, FlowTable & { org: string }>();
  for (const save of saves) {
    const first = rows.get(save.name);
    rows.set(save.name, {
      org,
      name: save.name,
      description: save.description,
      created_at: first?.created_at ?? save.at,
      created_index: first?.created_index ?? save.index,
      updated_at: save.at,
      updated_index: save.index,
    });
  }
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('flows')
      .values(all.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['org', 'name']).doUpdateSet((eb) => ({
          description: eb.ref('excluded.description'),
          updated_at: eb.ref('excluded.updated_at'),
          updated_index: eb.ref('excluded.updated_index'),
        })),
      )
      .execute();
  }
}

function toFlow(row: FlowTable): Flow {
  return {
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdIndex: row.created_index,
    updatedIndex: row.updated_index,
  };
}
