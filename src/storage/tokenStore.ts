import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { checkRole, type ApiToken, type TokenOwner } from '../core/model/token.ts';
import type { ApiTokenTable, Database } from './schema.ts';

/** SHA-256 suffices for 256-bit random secrets; lookups by hash keep comparison constant-time. */
export function tokenHash(secret: string): Uint8Array {
  return createHash('sha256').update(secret).digest();
}

/** Rows per statement: stays under both databases' bound-parameter limits. */
const ROWS_PER_STATEMENT = 1000;

export class TokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a secret's hash; it grants nothing until its `token.created` event is projected. */
  async addSecret(id: string, secret: string): Promise<void> {
    await this.db
      .insertInto('token_secrets')
      .values({ id, token_hash: tokenHash(secret) })
      .execute();
  }

  /**
   * The token a secret belongs to. A user's token carries the user's current role (a role change
   * takes effect at once); a token whose user no longer exists is not returned.
   */
  async findBySecret(secret: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('token_secrets')
      .innerJoin('api_tokens', 'api_tokens.id', 'token_secrets.id')
      .leftJoin('users', (join) =>
        join
          .onRef('users.org', '=', 'api_tokens.org')
          .onRef('users.username', '=', 'api_tokens.owner_name')
          .on('api_tokens.owner_kind', '=', 'user'),
      )
      .selectAll('api_tokens')
      .select('users.role as user_role')
      .where('token_secrets.token_hash', '=', tokenHash(secret))
      .executeTakeFirst();
    if (row === undefined) return undefined;
    if (row.owner_kind === 'user') {
      return row.user_role === null ? undefined : { ...toToken(row), role: checkRole(row.user_role) };
    }
    return toToken(row);
  }

  async get(org: string, id: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('org', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toToken(row);
  }

  /** Tokens of an org, newest first, after the `before` cursor (a creation index). */
  async list(
    org: string,
    before: number | undefined,
    limit: number,
  ): Promise<(ApiToken & { createdIndex: number })[]> {
    let query = this.db.selectFrom('api_tokens').selectAll().where('org', '=', org);
    if (before !== undefined) query = query.where('created_index', '<', before);
    const rows = await query.orderBy('created_index', 'desc').limit(limit).execute();
    return rows.map((r) => ({ ...toToken(r), createdIndex: r.created_index }));
  }

  async secretExists(secret: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('token_secrets')
      .select('id')
      .where('token_hash', '=', tokenHash(secret))
      .executeTakeFirst();
    return row !== undefined;
  }
}

/** Projects `token.created` events (token ids are unique: one row each). */
export async function saveTokens(
  trx: Transaction<Database>,
  org: string,
  tokens: readonly {
    id: string;
    role: string;
    description: string;
    expiresAt: string | null;
    owner: TokenOwner;
    at: string;
    index: number;
  }[],
): Promise<void> {
  for (let i = 0; i < tokens.length; i += ROWS_PER_STATEMENT) {
    await trx
      .insertInto('api_tokens')
      .values(
        tokens.slice(i, i + ROWS_PER_STATEMENT).map((token) => ({
          id: token.id,
          org,
          role: token.role,
          description: token.description,
          created_at: token.at,
          expires_at: token.expiresAt,
          revoked_at: null,
          created_index: token.index,
          owner_kind: token.owner.kind,
          owner_name: token.owner.kind === 'system' ? null : token.owner.name,
          revoked_index: null,
        })),
      )
      .execute();
  }
}

/** Projects `token.revoked` events: the first revocation of a token counts. */
export async function revokeTokens(
  trx: Transaction<Database>,
  org: string,
  revocations: readonly { id: string; at: string; index: number }[],
): Promise<void> {
  for (const r of revocations) {
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: r.at, revoked_index: r.index })
      .where('org', '=', org)
      .where('id', '=', r.id)
      .where('revoked_at', 'is', null)
      .execute();
  }
}

function toToken(row: Omit<ApiTokenTable, 'owner_kind'> & { owner_kind: string }): ApiToken {
  const owner: TokenOwner =
    row.owner_kind === 'user' || row.owner_kind === 'service_account'
      ? { kind: row.owner_kind, name: row.owner_name ?? '' }
      : { kind: 'system' };
  return {
    id: row.id,
    org: row.org,
    role: checkRole(row.role),
    description: row.description,
    owner,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
