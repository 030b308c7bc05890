import type { Snapshot } from '../src/core/model/environment.ts';
import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { LOG_ORG } from './buildLog.ts';
import { heading, line, ms, num } from './log.ts';
import { buildQueryHistory, TICK_MS, type QueryHistory, type QueryHistoryShape } from './queryHistory.ts';
import { againstTarget, latencySummary, randomInt, seededRandom } from './stats.ts';

const TARGET_P99_MS = 5;

/** The queries timed, each as the API route runs it (a service call). */
const QUERIES = [
  'snapshotAt',
  'snapshotLatest',
  'changesFirstPage',
  'searchFingerprint',
  'searchCommit',
  'searchName',
] as const;
type Query = (typeof QUERIES)[number];

/**
 * DESIGN §9 "environment-at-time and search-by-SHA queries at 1M entries: p99 < 5 ms". Builds a
 * delivery history through the services (buildQueryHistory), then times the service calls behind
 * the API: a snapshot at a random instant and the latest one (each with its verdicts and how every
 * running artifact arrived, unauthorisedArrivals.ts), the change log's first page (100 lines, the
 * API's default), and search (SearchService, as `/search?q=` runs it) by fingerprint prefix, commit
 * prefix and part of a name. Baseline: a primary-key SELECT of one `snapshots` row through the same
 * read connection. Kinds are interleaved so they see the same cache state; seeded, so runs compare.
 */
export async function benchQueryLatency(
  label: string,
  database: OpenDatabase,
  shape: QueryHistoryShape,
  count: number,
) {
  heading(
    `${label}: building a delivery history through the services (${num(shape.trails)} trails, ` +
      `${shape.environments} environments × ${num(shape.snapshotsPerEnvironment)} snapshots × ${shape.services} services), ` +
      `padded to ${num(shape.entries)} entries`,
  );
  const history = await buildQueryHistory(database, shape);
  const size = await tableSizes(database);
  line(
    `built in ${num(history.built.seconds, 1)} s: ${num(size.entries)} entries (${num(history.built.historyEntries)} ` +
      `of history, ${num(history.built.paddingEntries)} ledger-only padding), ${num(size.snapshots)} snapshots ` +
      `(${num(size.snapshotArtifacts)} running-artifact rows), ${num(size.states)} verdicts, ${num(size.changes)} ` +
      `change-log lines (${num(size.unauthorised)} unauthorised), ${num(size.artifacts)} artifacts, ${num(size.trails)} trails`,
  );
  await spotCheck(history);
  heading(`${label}: query latency, ${num(count)} of each kind`);
  const random = seededRandom(5150);
  const { services } = history;
  const pick = <T>(list: readonly T[]) => list[randomInt(random, 0, list.length - 1)]!;
  const pointSelect = (environment: string, number: number) =>
    database.reader
      .selectFrom('snapshots')
      .select(['number', 'at', 'idx'])
      .where('org', '=', LOG_ORG)
      .where('environment', '=', environment)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
  const run: Record<Query, () => Promise<unknown>> = {
    snapshotAt: () =>
      services.environments.snapshot(LOG_ORG, pick(history.environments), {
        kind: 'at',
        at: new Date(randomInt(random, history.start, history.end + TICK_MS)).toISOString(),
      }),
    snapshotLatest: () =>
      services.environments.snapshot(LOG_ORG, pick(history.environments), { kind: 'latest' }),
    changesFirstPage: () =>
      services.environments.changes(LOG_ORG, pick(history.environments), { limit: 100 }),
    searchFingerprint: () => services.search.search(LOG_ORG, pick(history.fingerprints).slice(0, 12)),
    searchCommit: () => services.search.search(LOG_ORG, pick(history.commits).slice(0, 7)),
    searchName: () =>
      services.search.search(LOG_ORG, random() < 0.5 ? pick(history.trailNames) : pick(history.rogueNames)),
  };
  const baseline: number[] = [];
  const samples = Object.fromEntries(QUERIES.map((q) => [q, [] as number[]])) as Record<Query, number[]>;
  const time = async (into: number[] | undefined, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    into?.push(performance.now() - start);
  };
  const warm = Math.min(200, count);
  const snapshots = shape.snapshotsPerEnvironment;
  for (let n = 0; n < warm + count; n++) {
    const measured = n >= warm;
    const environment = pick(history.environments);
    const number = randomInt(random, 1, snapshots);
    await time(measured ? baseline : undefined, () => pointSelect(environment, number));
    for (const query of QUERIES) await time(measured ? samples[query] : undefined, run[query]);
  }
  const select = latencySummary(baseline);
  line(`point SELECT of one snapshots row (baseline): p50 ${ms(select.p50Ms)}, p99 ${ms(select.p99Ms)}`);
  const figures = Object.fromEntries(
    QUERIES.map((query) => {
      const f = againstTarget(latencySummary(samples[query]), select, TARGET_P99_MS);
      line(
        `${query}: p50 ${ms(f.p50Ms)} (${num(f.p50Ratio, 1)}× SELECT), p99 ${ms(f.p99Ms)} (${num(f.p99Ratio, 1)}× SELECT)` +
          ` → p99 < ${TARGET_P99_MS} ms: ${f.met ? 'met' : 'NOT met'}`,
      );
      return [query, f];
    }),
  ) as Record<Query, ReturnType<typeof againstTarget>>;
  return {
    built: { ...size, ...history.built },
    baseline: { what: 'primary-key SELECT of one snapshots row via the read connection', ...select },
    ...figures,
  };
}

/** Row counts of what the queries read, so the figures say what they were measured on. */
async function tableSizes(database: OpenDatabase) {
  const db = database.reader;
  const n = (row: { n: number | string }) => Number(row.n);
  const count = async (
    table:
      | 'snapshots'
      | 'snapshot_artifacts'
      | 'environment_states'
      | 'environment_changes'
      | 'artifacts'
      | 'trails',
  ) =>
    n(
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('org', '=', LOG_ORG)
        .executeTakeFirstOrThrow(),
    );
  const unauthorised = await db
    .selectFrom('environment_changes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org', '=', LOG_ORG)
    .where('unauthorised', '=', 1)
    .executeTakeFirstOrThrow();
  const head = await db
    .selectFrom('ledger_heads')
    .select('size')
    .where('org', '=', LOG_ORG)
    .executeTakeFirstOrThrow();
  return {
    entries: head.size,
    snapshots: await count('snapshots'),
    snapshotArtifacts: await count('snapshot_artifacts'),
    states: await count('environment_states'),
    changes: await count('environment_changes'),
    unauthorised: n(unauthorised),
    artifacts: await count('artifacts'),
    trails: await count('trails'),
  };
}

/**
 * Before timing, check that the calls answer what was built: the snapshot at an instant is the one
 * reported in that tick, rogue containers are flagged as unauthorised arrivals, and search finds a
 * trail's artifact by fingerprint prefix and its trail by commit prefix.
 */
async function spotCheck(history: QueryHistory): Promise<void> {
  const { services, environments, start } = history;
  const environment = environments[0]!;
  const tick = 7;
  const at = new Date(start + tick * TICK_MS + TICK_MS / 2).toISOString();
  const snapshot = (await services.environments.snapshot(LOG_ORG, environment, {
    kind: 'at',
    at,
  })) as Snapshot;
  if (snapshot.number !== tick + 1)
    throw new Error(`snapshot at ${at} is #${snapshot.number}, not #${tick + 1}`);
  const log = await services.environments.changes(LOG_ORG, environment, { limit: 1000 });
  const rogue = log.find((c) => c.unauthorised && c.provenance.length === 0);
  if (rogue === undefined) throw new Error('no unauthorised rogue start in the change log');
  const running = (await services.environments.snapshot(LOG_ORG, environment, {
    kind: 'number',
    number: rogue.snapshot,
  })) as Snapshot;
  if (running.artifacts.find((a) => a.fingerprint === rogue.fingerprint)?.unauthorised !== true)
    throw new Error(`rogue ${rogue.name} is not flagged unauthorised in snapshot #${rogue.snapshot}`);
  const k = Math.floor(history.fingerprints.length / 2);
  const byFingerprint = await services.search.search(LOG_ORG, history.fingerprints[k]!.slice(0, 12));
  if (!byFingerprint.artifacts.some((a) => a.fingerprint === history.fingerprints[k]))
    throw new Error('search by fingerprint prefix misses the artifact');
  const byCommit = await services.search.search(LOG_ORG, history.commits[k]!.slice(0, 7));
  if (!byCommit.trails.some((t) => t.name === history.trailNames[k]))
    throw new Error('search by commit prefix misses the trail');
  line('spot check: time travel, unauthorised arrivals and search by SHA answer what was built');
}
