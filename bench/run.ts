/**
 * `npm run bench`: the performance targets of DESIGN §9, each measured next to a baseline taken in
 * the same run, so the figures are ratios that mean the same on a laptop and on a CI runner.
 * Human-readable lines while running; the LAST stdout line is one JSON object with every figure.
 *
 * Scale with environment variables (defaults in brackets):
 *   BENCH_ENTRIES [1000000]       log size for SQLite proof latency and verify replay
 *   BENCH_PG_ENTRIES [100000]     the same on PostgreSQL (smaller: building through the sequencer
 *                                 costs round trips; the figure is labelled with its size)
 *   BENCH_DENSITY_ENTRIES [100000] log size for verify at server-like checkpoint density
 *   BENCH_APPEND_ENTRIES [30000]  entries per append-throughput run
 *   BENCH_HTTP_SECONDS [10]       measured seconds per HTTP load (after a warm-up)
 *   BENCH_PROOFS [10000]          proofs of each kind
 *   BENCH_CLI_RUNS [20]           timed starts per command and environment
 *   BENCH_QUERY_ENTRIES [1000000] ledger size for the environment-at-time and search queries; the
 *                                 delivery history below is built through the services, ledger-only
 *                                 events pad the rest (the figure says how much was which)
 *   BENCH_PG_QUERY_ENTRIES [1000000] the same on PostgreSQL
 *   BENCH_QUERY_TRAILS [10000]    pipeline runs (trail + commit + artifact + attestation each)
 *   BENCH_QUERY_ENVIRONMENTS [6]  environments reporting
 *   BENCH_QUERY_SNAPSHOTS [1500]  snapshots of each environment
 *   BENCH_QUERY_SERVICES [30]     services each environment runs (artifacts per snapshot)
 *   BENCH_QUERIES [500]           timed queries of each kind
 *   BENCH_ONLY                    comma list of sections to run: fingerprint, append-sqlite, append-postgres,
 *                                 http, cli, scale-sqlite, verify-density, scale-postgres, queries-sqlite,
 *                                 queries-postgres
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/storage/openDatabase.ts';
import { VERSION } from '../src/version.ts';
import { startPostgres, type PostgresCluster } from '../test/support/postgres.ts';
import { benchAppend } from './appendThroughput.ts';
import { benchAtScale } from './atScale.ts';
import { benchCliStart } from './cliStart.ts';
import { benchFingerprint } from './fingerprintSpeed.ts';
import { benchHttpWrites } from './httpWrites.ts';
import { heading, line, num } from './log.ts';
import { cleanUp, onCleanUp, tempDir } from './scratch.ts';
import { benchQueryLatency } from './queryLatency.ts';
import type { QueryHistoryShape } from './queryHistory.ts';
import { postgresTarget, sqliteTarget } from './targets.ts';
import { benchVerifyDensity } from './verifyDensity.ts';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw ?? ''}"`);
  return value;
}

const config = {
  entries: setting('BENCH_ENTRIES', 1_000_000),
  postgresEntries: setting('BENCH_PG_ENTRIES', 100_000),
  densityEntries: setting('BENCH_DENSITY_ENTRIES', 100_000),
  appendEntries: setting('BENCH_APPEND_ENTRIES', 30_000),
  appendBatch: 256,
  buildBatch: 4096,
  httpSeconds: setting('BENCH_HTTP_SECONDS', 10),
  proofs: setting('BENCH_PROOFS', 10_000),
  cliRuns: setting('BENCH_CLI_RUNS', 20),
  queryEntries: setting('BENCH_QUERY_ENTRIES', 1_000_000),
  postgresQueryEntries: setting('BENCH_PG_QUERY_ENTRIES', 1_000_000),
  queryTrails: setting('BENCH_QUERY_TRAILS', 10_000),
  queryEnvironments: setting('BENCH_QUERY_ENVIRONMENTS', 6),
  querySnapshots: setting('BENCH_QUERY_SNAPSHOTS', 1500),
  queryServices: setting('BENCH_QUERY_SERVICES', 30),
  queries: setting('BENCH_QUERIES', 500),
};
const queryShape = (entries: number): QueryHistoryShape => ({
  entries,
  trails: config.queryTrails,
  environments: config.queryEnvironments,
  snapshotsPerEnvironment: config.querySnapshots,
  services: config.queryServices,
  batch: config.buildBatch,
});
const only = (process.env.BENCH_ONLY ?? '').split(',').filter((s) => s !== '');
const results: Record<string, unknown> = {};
const failures: string[] = [];

/** Runs one section; a failure is reported and recorded, and the other sections still run. */
async function section(key: string, work: () => Promise<unknown>): Promise<void> {
  if (only.length > 0 && !only.includes(key)) return;
  try {
    results[key] = await work();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    line(`FAILED: ${message}`);
    failures.push(key);
    results[key] = { error: message.split('\n')[0] };
  }
}

/** PostgreSQL with fsync and synchronous_commit on (durable, like production), started on first use. */
let cluster: PostgresCluster | undefined | null = null;
async function postgres(): Promise<PostgresCluster | undefined> {
  if (cluster === null) {
    cluster = await startPostgres({ durable: true });
    if (cluster !== undefined) onCleanUp(() => cluster?.stop());
  }
  return cluster;
}
const skipped = (what: string) => {
  line(`SKIPPED: PostgreSQL is not installed (/usr/lib/postgresql/*/bin), no ${what} figures`);
  return { skipped: 'PostgreSQL is not installed' };
};

// Ctrl-C must not leave a PostgreSQL cluster or a server process running.
process.once('SIGINT', () => {
  void cleanUp().then(() => process.exit(130));
});

const started = performance.now();
process.stdout.write(
  `Evident ${VERSION} benchmarks — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})\n` +
    `settings: ${JSON.stringify(config)}${only.length > 0 ? `, only ${only.join(',')}` : ''}\n`,
);
try {
  await section('append-sqlite', () => benchAppend(sqliteTarget(), config.appendEntries, config.appendBatch));
  await section('append-postgres', async () => {
    const pg = await postgres();
    return pg === undefined
      ? skipped('PostgreSQL append')
      : benchAppend(postgresTarget(pg), config.appendEntries, config.appendBatch);
  });
  await section('http', () => benchHttpWrites(config.httpSeconds * 1000));
  await section('cli', () => Promise.resolve(benchCliStart(config.cliRuns)));
  await section('fingerprint', () => benchFingerprint(256, 5));
  await section('scale-sqlite', async () => {
    const database = await openDatabase({ sqlitePath: join(tempDir('scale'), 'evident.db') });
    try {
      return await benchAtScale('SQLite', database, config.entries, config.buildBatch, config.proofs);
    } finally {
      await database.close();
    }
  });
  await section('verify-density', async () => {
    const database = await openDatabase({ sqlitePath: join(tempDir('density'), 'evident.db') });
    try {
      return await benchVerifyDensity(database, config.densityEntries);
    } finally {
      await database.close();
    }
  });
  await section('scale-postgres', async () => {
    const pg = await postgres();
    if (pg === undefined) return skipped('PostgreSQL proof/verify');
    const database = await openDatabase({
      postgresUrl: await pg.createDatabase(`bench_scale_${process.pid}`),
    });
    try {
      const label = `PostgreSQL (${num(config.postgresEntries)} entries, not 1M)`;
      return await benchAtScale(label, database, config.postgresEntries, config.buildBatch, config.proofs);
    } finally {
      await database.close();
    }
  });
  await section('queries-sqlite', async () => {
    const database = await openDatabase({ sqlitePath: join(tempDir('queries'), 'evident.db') });
    try {
      return await benchQueryLatency('SQLite', database, queryShape(config.queryEntries), config.queries);
    } finally {
      await database.close();
    }
  });
  await section('queries-postgres', async () => {
    const pg = await postgres();
    if (pg === undefined) return skipped('PostgreSQL query');
    const database = await openDatabase({
      postgresUrl: await pg.createDatabase(`bench_queries_${process.pid}`),
    });
    try {
      const shape = queryShape(config.postgresQueryEntries);
      return await benchQueryLatency('PostgreSQL', database, shape, config.queries);
    } finally {
      await database.close();
    }
  });
} finally {
  await cleanUp();
}
const seconds = Math.round((performance.now() - started) / 100) / 10;
heading(`done in ${num(seconds, 1)} s${failures.length > 0 ? ` (FAILED: ${failures.join(', ')})` : ''}`);
const summary = {
  evident: VERSION,
  commit: commitOfCheckout(),
  node: process.version,
  cpus: cpus().length,
  date: new Date().toISOString(),
  seconds,
  config,
  ok: failures.length === 0,
  results,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
if (failures.length > 0) process.exitCode = 1;

/** The commit measured, so summaries of different runs can be told apart (read-only git query). */
function commitOfCheckout(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}
