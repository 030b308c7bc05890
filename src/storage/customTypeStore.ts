import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export interface StoredCustomType {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly createdAt: string;
}

/** Versions of user-defined attestation types (`custom:<name>`). */
export class CustomTypeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async latest(org: string, name: string): Promise<StoredCustomType | undefined> {
    const row = await this.db
      .selectFrom('custom_types')
      .select(['name', 'version', 'source', 'created_at'])
      .where('org', '=', org)
      .where('name', '=', name)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { name: row.name, version: row.version, source: row.source, createdAt: row.created_at };
  }

  /** Every version of every type, by name then version. */
  async all(org: string): Promise<StoredCustomType[]> {
    const rows = await this.db
      .selectFrom('custom_types')
      .select(['name', 'version', 'source', 'created_at'])
      .where('org', '=', org)
      .orderBy('name')
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ name: r.name, version: r.version, source: r.source, createdAt: r.created_at }));
  }
}

/** Projects `attestation_type.defined`: a new version of a type. */
export async function saveCustomTypes(
  trx: Transaction<Database>,
  org: string,
  types: readonly { name: string; version: number; source: string; at: string; index: number }[],
): Promise<void> {
  for (const t of types) {
    await trx
      .insertInto('custom_types')
      .values({
        org,
        name: t.name,
        version: t.version,
        source: t.source,
        created_at: t.at,
        created_index: t.index,
      })
      .onConflict((oc) => oc.columns(['org', 'name', 'version']).doNothing())
      .execute();
  }
}
