import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { EvidentError, messageOf } from '../core/errors.ts';
import type { SqlDialect } from './dialect.ts';
import { migrations } from './migrations.ts';
import { cachingDatabase } from './statementCache.ts';
import type { Database } from './schema.ts';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  /**
   * For queries. On SQLite a second, read-only connection: WAL lets it read the last commit while
   * the writer's group-commit transaction runs, so reads never queue behind writes. On PostgreSQL,
   * and for in-memory SQLite, the same as `db`.
   */
  readonly reader: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** Where the data lives, for messages (never includes a password). */
  readonly location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { sqlitePath: string } | { postgresUrl: string; poolSize?: number };

/**
 * Opens (and migrates) the database. SQLite runs in WAL mode with fsync on commit ("durable before
 * ack"). `readOnly` is for verifiers: nothing is written, not even a migration, and a database that
 * is not at this version's schema is refused.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: { readOnly?: boolean } = {},
): Promise<OpenDatabase> {
  const readOnly = options.readOnly === true;
  const opened = 'sqlitePath' in target ? openSqlite(target.sqlitePath, readOnly) : openPostgres(target);
  try {
    if (readOnly) await checkSchema(opened);
    else await migrate(opened);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openSqlite(path: string, readOnly: boolean): OpenDatabase {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(path, readOnly ? { readonly: true, fileMustExist: true } : {});
  } catch (error) {
    throw new EvidentError('unavailable', `cannot open the SQLite database ${path}: ${messageOf(error)}`);
  }
  if (!readOnly) {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
  }
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
  if (readOnly || path === ':memory:') {
    return { db, reader: db, dialect: 'sqlite', location: path, close: () => db.destroy() };
  }
  const reader = new Kysely<Database>({
    dialect: new SqliteDialect({
      // Opened on first use, when migrations have run.
      database: () => {
        const connection = new BetterSqlite3(path, { readonly: true });
        connection.pragma('busy_timeout = 5000');
        return Promise.resolve(cachingDatabase(connection));
      },
    }),
  });
  return {
    db,
    reader,
    dialect: 'sqlite',
    location: path,
    async close() {
      await reader.destroy();
      await db.destroy();
    },
  };
}

// int8 (bigint) as JS numbers: log indices and sizes stay far below 2^53. Process-wide, and every
// PostgreSQL connection of this process is ours.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

function openPostgres(target: { postgresUrl: string; poolSize?: number }): OpenDatabase {
  const url = new URL(target.postgresUrl);
  const pool = new pg.Pool({
    connectionString: target.postgresUrl,
    max: target.poolSize ?? 10,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  url.password = '';
  return { db, reader: db, dialect: 'postgres', location: url.toString(), close: () => db.destroy() };
}

/** Refuses a database this version cannot read: not Evident's, never migrated, or newer. */
async function checkSchema(opened: OpenDatabase): Promise<void> {
  let applied: string[];
  try {
    const rows = await opened.db
      .withTables<{ evident_migrations: { name: string } }>()
      .selectFrom('evident_migrations')
      .select('name')
      .orderBy('name')
      .execute();
    applied = rows.map((r) => r.name);
  } catch (error) {
    throw new EvidentError(
      'bad_request',
      `${opened.location} is not an Evident database: ${messageOf(error)}`,
    );
  }
  const known = Object.keys(migrations(opened.dialect)).sort();
  if (applied.join() !== known.join()) {
    throw new EvidentError(
      'bad_request',
      `${opened.location} has schema [${applied.join(', ')}]; this version reads [${known.join(', ')}]`,
    );
  }
}

async function migrate(opened: OpenDatabase): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations(opened.dialect)) };
  const migrator = new Migrator({ db: opened.db, provider, migrationTableName: 'evident_migrations' });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new EvidentError(
      'unavailable',
      `cannot migrate database at ${opened.location}: ${messageOf(error)}`,
    );
  }
}
