import type { Kysely, Selectable, Transaction } from 'kysely';
import { canonicalize, type JsonValue } from '../core/ledger/canonicalJson.ts';
import type { Flow } from '../core/model/flow.ts';
import type { FlowTemplate } from '../core/model/template.ts';
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

/** Rows per statement: 9 parameters each stays under both databases' bound-parameter limits. */
const ROWS_PER_STATEMENT = 1000;

export interface FlowSave {
  readonly name: string;
  readonly description: string;
  /** Present when the save sets the template (null clears it). */
  readonly template?: FlowTemplate | null;
  readonly at: string;
  readonly index: number;
}

/**
 * Projects `flow.saved` events, in log order: reads the flows they touch, folds the run in memory
 * (created from the first save, the rest from the last, the template version counting every save
 * that set a template) and writes each flow once.
 */
export async function saveFlows(
  trx: Transaction<Database>,
  org: string,
  saves: readonly FlowSave[],
): Promise<void> {
  const names = [...new Set(saves.map((s) => s.name))];
  const rows = new Map<string, Selectable<FlowTable>>();
  for (let i = 0; i < names.length; i += ROWS_PER_STATEMENT) {
    const existing = await trx
      .selectFrom('flows')
      .selectAll()
      .where('org', '=', org)
      .where('name', 'in', names.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
    for (const row of existing) rows.set(row.name, row);
  }
  for (const save of saves) {
    const before = rows.get(save.name);
    const setsTemplate = save.template !== undefined;
    const template = setsTemplate ? templateText(save.template ?? null) : (before?.template ?? null);
    // The same template sent again (a pipeline re-running `create flow`) is not a new version.
    const changed = template !== (before?.template ?? null);
    rows.set(save.name, {
      org,
      name: save.name,
      description: save.description,
      created_at: before?.created_at ?? save.at,
      created_index: before?.created_index ?? save.index,
      updated_at: save.at,
      updated_index: save.index,
      template,
      template_version: (before?.template_version ?? 0) + (changed ? 1 : 0),
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
          template: eb.ref('excluded.template'),
          template_version: eb.ref('excluded.template_version'),
        })),
      )
      .execute();
  }
}

function templateText(template: FlowTemplate | null): string | null {
  return template === null ? null : canonicalize(template);
}

function toFlow(row: Selectable<FlowTable>): Flow {
  return {
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdIndex: row.created_index,
    updatedIndex: row.updated_index,
    template: row.template === null ? null : (JSON.parse(row.template) as FlowTemplate),
    templateVersion: row.template_version,
  };
}

/** The template of a flow as stored (canonical JSON), for trails that take the flow's template. */
export async function flowTemplate(
  db: Kysely<Database>,
  org: string,
  flow: string,
): Promise<JsonValue | null> {
  const row = await db
    .selectFrom('flows')
    .select('template')
    .where('org', '=', org)
    .where('name', '=', flow)
    .executeTakeFirst();
  return row?.template == null ? null : (JSON.parse(row.template) as JsonValue);
}
