import { join } from 'node:path';
import { openDatabase } from '../src/storage/openDatabase.ts';
import type { PostgresCluster } from '../test/support/postgres.ts';
import type { AppendTarget } from './appendThroughput.ts';
import { rawPostgresInsert, rawSqliteInsert } from './rawInsert.ts';
import { tempDir } from './scratch.ts';

/** Embedded SQLite: each database a file in its own temp folder (real fsyncs, as in production). */
export function sqliteTarget(): AppendTarget {
  let n = 0;
  return {
    name: 'SQLite',
    open: () => openDatabase({ sqlitePath: join(tempDir(`sqlite${++n}`), 'evident.db') }),
    rawInsert: (entries, batch, warm) =>
      Promise.resolve(rawSqliteInsert(join(tempDir('raw'), 'raw.db'), entries, batch, warm)),
  };
}

/** PostgreSQL: each database a new one on the same (durable) throwaway cluster. */
export function postgresTarget(cluster: PostgresCluster): AppendTarget {
  let n = 0;
  const fresh = () => cluster.createDatabase(`bench_${process.pid}_${++n}`);
  return {
    name: 'PostgreSQL',
    open: async () => openDatabase({ postgresUrl: await fresh() }),
    rawInsert: async (entries, batch, warm) => rawPostgresInsert(await fresh(), entries, batch, warm),
  };
}
