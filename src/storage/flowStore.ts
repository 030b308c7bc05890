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

export async function saveFlow(
  trx: Transaction<Database>,
  org: string,
  flow: { name: string; description: string; at: string; index: number },
): Promise<void> {
  await trx
    .insertInto('flows')
    .values({
      org,
      name: flow.name,
      description: flow.description,
      created_at: flow.at,
      updated_at: flow.at,
      created_index: flow.index,
      updated_index: flow.index,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'name']).doUpdateSet({
        description: flow.description,
        updated_at: flow.at,
        updated_index: flow.index,
      }),
    )
    .execute();
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
