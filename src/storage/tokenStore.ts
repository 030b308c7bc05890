import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { checkRole, type ApiToken } from '../core/model/token.ts';
import type { Database } from './schema.ts';

/** SHA-256 suffices for 256-bit random secrets; lookups by hash keep comparison constant-time. */
export function tokenHash(secret: string): Uint8Array {
  return createHash('sha256').update(secret).digest();
}

export class TokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a secret's hash; it grants nothing until its `token.created` event is projected. */
  async addSecret(id: string, secret: string): Promise<void> {
    await this.db
      .insertInto('token_secrets')
      .values({ id, token_hash: tokenHash(secret) })
      .execute();
  }

  async findBySecret(secret: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('token_secrets')
      .innerJoin('api_tokens', 'api_tokens.id', 'token_secrets.id')
      .select([
        'api_tokens.id',
        'api_tokens.org',
        'api_tokens.role',
        'api_tokens.description',
        'api_tokens.created_at',
        'api_tokens.expires_at',
        'api_tokens.revoked_at',
      ])
      .where('token_secrets.token_hash', '=', tokenHash(secret))
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        org: row.org,
        role: checkRole(row.role),
        description: row.description,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      }
    );
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
    at: string;
    index: number;
  }[],
): Promise<void> {
  // 8 parameters a row: stay under both databases' bound-parameter limits.
  for (let i = 0; i < tokens.length; i += 1000) {
    await trx
      .insertInto('api_tokens')
      .values(
        tokens.slice(i, i + 1000).map((token) => ({
          id: token.id,
          org,
          role: token.role,
          description: token.description,
          created_at: token.at,
          expires_at: token.expiresAt,
          revoked_at: null,
          created_index: token.index,
        })),
      )
      .execute();
  }
}
