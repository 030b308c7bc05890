import type { Kysely, Transaction } from 'kysely';
import { checkRole } from '../core/model/token.ts';
import type { ServiceAccount, User } from '../core/model/user.ts';
import type { Database, UserTable } from './schema.ts';

/** Users, their password hashes, and service accounts. */
export class UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(org: string, username: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('org', '=', org)
      .where('username', '=', username)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async list(org: string, after: string | undefined, limit: number): Promise<User[]> {
    let query = this.db.selectFrom('users').selectAll().where('org', '=', org);
    if (after !== undefined) query = query.where('username', '>', after);
    return (await query.orderBy('username').limit(limit).execute()).map(toUser);
  }

  async passwordHash(org: string, username: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('user_passwords')
      .select('hash')
      .where('org', '=', org)
      .where('username', '=', username)
      .executeTakeFirst();
    return row?.hash;
  }

  /** Password hashes are secrets, not projections: they change in place. */
  async setPasswordHash(org: string, username: string, hash: string): Promise<void> {
    await this.db
      .insertInto('user_passwords')
      .values({ org, username, hash })
      .onConflict((oc) => oc.columns(['org', 'username']).doUpdateSet({ hash }))
      .execute();
  }

  async serviceAccount(org: string, name: string): Promise<ServiceAccount | undefined> {
    const row = await this.db
      .selectFrom('service_accounts')
      .selectAll()
      .where('org', '=', org)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && { name: row.name, description: row.description, createdAt: row.created_at };
  }

  async serviceAccounts(org: string): Promise<ServiceAccount[]> {
    const rows = await this.db
      .selectFrom('service_accounts')
      .selectAll()
      .where('org', '=', org)
      .orderBy('name')
      .execute();
    return rows.map((row) => ({ name: row.name, description: row.description, createdAt: row.created_at }));
  }
}

export async function saveUsers(
  trx: Transaction<Database>,
  org: string,
  users: readonly { username: string; role: string; displayName: string; at: string; index: number }[],
): Promise<void> {
  for (const u of users) {
    await trx
      .insertInto('users')
      .values({
        org,
        username: u.username,
        role: u.role,
        display_name: u.displayName,
        created_at: u.at,
        created_index: u.index,
        updated_index: u.index,
      })
      // A concurrent duplicate creation is recorded but changes nothing (the first one wins).
      .onConflict((oc) => oc.columns(['org', 'username']).doNothing())
      .execute();
  }
}

export async function changeUserRoles(
  trx: Transaction<Database>,
  org: string,
  changes: readonly { username: string; role: string; index: number }[],
): Promise<void> {
  for (const c of changes) {
    await trx
      .updateTable('users')
      .set({ role: c.role, updated_index: c.index })
      .where('org', '=', org)
      .where('username', '=', c.username)
      .execute();
  }
}

export async function saveServiceAccounts(
  trx: Transaction<Database>,
  org: string,
  accounts: readonly { name: string; description: string; at: string; index: number }[],
): Promise<void> {
  for (const a of accounts) {
    await trx
      .insertInto('service_accounts')
      .values({ org, name: a.name, description: a.description, created_at: a.at, created_index: a.index })
      .onConflict((oc) => oc.columns(['org', 'name']).doNothing())
      .execute();
  }
}

function toUser(row: UserTable): User {
  return {
    username: row.username,
    role: checkRole(row.role),
    displayName: row.display_name,
    createdAt: row.created_at,
  };
}
