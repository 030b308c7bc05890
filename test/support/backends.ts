import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openDatabase, type OpenDatabase } from '../../src/storage/openDatabase.ts';
import { findPostgresBin, startPostgres, type PostgresCluster } from './postgres.ts';

/** A database backend the contract suites run against: a SQLite file, or a real PostgreSQL. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<OpenDatabase>;
  /** How `evident server` / `evident verify` would be pointed at the last opened database. */
  readonly lastTarget: () => { databaseUrl?: string; dataDir: string };
  /** A reason to skip (pass as node:test's `skip` option), or false. */
  readonly skip: string | false;
}

let databases = 0;

/**
 * Registers the backends for a test file: SQLite always, PostgreSQL when installed (a throwaway
 * cluster started in `before` and stopped in `after`). Tests iterate over the returned list.
 */
export function backends(): Backend[] {
  const dirs: string[] = [];
  let cluster: PostgresCluster | undefined;
  let lastPostgres = '';
  let lastDir = '';
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'evident-test-'));
    dirs.push(dir);
    lastDir = dir;
    return dir;
  };
  // Decided at registration so node:test reports the skip; under CI=true startPostgres fails instead.
  const pgSkip =
    findPostgresBin() === undefined && process.env.CI !== 'true' ? 'PostgreSQL is not installed' : false;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => {
    cluster?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const sqlite: Backend = {
    name: 'sqlite',
    async open() {
      return openDatabase({ sqlitePath: join(tempDir(), 'evident.db') });
    },
    lastTarget: () => ({ dataDir: lastDir }),
    skip: false,
  };
  const postgres: Backend = {
    name: 'postgres',
    async open() {
      if (cluster === undefined) throw new Error('PostgreSQL not available');
      tempDir();
      lastPostgres = await cluster.createDatabase(`evident_${process.pid}_${++databases}`);
      return openDatabase({ postgresUrl: lastPostgres });
    },
    lastTarget: () => ({ databaseUrl: lastPostgres, dataDir: lastDir }),
    skip: pgSkip,
  };
  return [sqlite, postgres];
}
