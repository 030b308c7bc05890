import type { Kysely } from 'kysely';
import { createLog } from './ledgerStore.ts';
import type { Database } from './schema.ts';

export class OrgStore {
  constructor(private readonly db: Kysely<Database>) {}

  async exists(name: string): Promise<boolean> {
    const row = await this.db.selectFrom('orgs').select('name').where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Creates the org and its empty log in one transaction; false when it already exists (several
   * server processes may start at once against one PostgreSQL database).
   */
  async create(name: string, at: string, emptyRoot: Uint8Array, emptyCheckpoint: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('orgs')
        .values({ name, created_at: at })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) return false;
      await createLog(trx, name, emptyRoot, at, emptyCheckpoint);
      return true;
    });
  }
}

export class ServerMetaStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('server_meta')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Sets a value once; returns the value in force (the first writer wins). */
  async setOnce(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('server_meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key)) ?? value;
  }
}
