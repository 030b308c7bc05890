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
  readonly dialect: SqlDialect;
  /** Where the data lives, for messages (never includes a password). */
  readonly location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { sqlitePath: string } | { postgresUrl: string; poolSize?: number };

/** Opens (and migrates) the database. SQLite runs in WAL mode with fsync on commit ("durable before ack"). */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  const opened = 'sqlitePath' in target ? openSqlite(target.sqlitePath) : openPostgres(target);
  await migrate(opened);
  return opened;
}

function openSqlite(path: string): OpenDatabase {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
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
  return { db, dialect: 'postgres', location: url.toString(), close: () => db.destroy() };
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
