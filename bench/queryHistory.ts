import { createHash } from 'node:crypto';
import type { EvidentServices } from '../src/service/evidentServices.ts';
import type { OpenDatabase } from '../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { TEST_ORIGIN, testServices } from '../test/support/services.ts';
import { LOG_ORG } from './buildLog.ts';
import { line, num } from './log.ts';
import { randomInt, rate, seededRandom } from './stats.ts';
import { benchEvent, pump, PURE_LEDGER_EVENT } from './workload.ts';

/** How much history to build (the `BENCH_QUERY_*` settings of run.ts). */
export interface QueryHistoryShape {
  /** Ledger size to reach; cheap ledger-only events fill what the history below leaves. */
  readonly entries: number;
  /** Pipeline runs: each a trail with a commit, one artifact (its own SHA-256) and a test attestation. */
  readonly trails: number;
  readonly environments: number;
  readonly snapshotsPerEnvironment: number;
  /** Services each environment runs, so artifacts per snapshot (plus a few rogue ones at times). */
  readonly services: number;
  /** Largest sequencer batch (the padding is appended in batches this big). */
  readonly batch: number;
}

/** What was built, for the queries to aim at and the figures' label. */
export interface QueryHistory {
  readonly services: EvidentServices;
  readonly environments: readonly string[];
  /** The first snapshot of every environment is at `start`, then one every TICK_MS, up to `end`. */
  readonly start: number;
  readonly end: number;
  readonly fingerprints: readonly string[];
  readonly commits: readonly string[];
  readonly trailNames: readonly string[];
  readonly rogueNames: readonly string[];
  /** Entries of each kind, as really appended. */
  readonly built: { historyEntries: number; paddingEntries: number; seconds: number };
}

/** Environments report every 10 minutes; every report changes something, so each is a snapshot. */
export const TICK_MS = 10 * 60_000;
const SYSTEM = { type: 'system' } as const;
const REPORTER = { type: 'token', id: 'k8s-reporter', role: 'reporter' } as const;
const ENVIRONMENT_NAMES = ['prod-eu', 'prod-us', 'staging', 'qa', 'perf', 'dev'];
const TEMPLATE =
  'version: 1\ntrail:\n  artifacts:\n    - name: app\n      attestations: [ { name: unit-tests, type: generic } ]\n';
const STRICT =
  'version: 1\nartifacts:\n  provenance: { required: true }\n  trail-compliance: { required: true }\n';
const PROVENANCE_ONLY = 'version: 1\nartifacts:\n  provenance: { required: true }\n';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * A delivery history shaped like a busy org's, written through the real services (the same
 * projections the server runs): `trails` pipeline runs over `services` flows, one in ten with a
 * failing test; then environments that each report `snapshotsPerEnvironment` times, every report
 * releasing, rolling back or scaling a service, or starting or stopping a rogue container (no
 * provenance: an unauthorised line in the change log); halfway through, a new version of the
 * production policy allow-lists one rogue image (a re-evaluation). Prod follows the strict policy,
 * the others a provenance-only one. Last, ledger-only events pad the log to `entries`.
 */
export async function buildQueryHistory(
  database: OpenDatabase,
  shape: QueryHistoryShape,
): Promise<QueryHistory> {
  let clock = Date.parse('2026-01-05T08:00:00.000Z');
  const services = testServices(database, { maxBatch: shape.batch, now: () => clock });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  await services.access.createOrg(LOG_ORG, SYSTEM);
  const started = performance.now();
  const flows = Array.from({ length: shape.services }, (_, j) => `svc-${String(j).padStart(2, '0')}`);
  for (const flow of flows)
    await services.flows.save(
      LOG_ORG,
      { name: flow, description: `service ${flow}`, template: TEMPLATE },
      SYSTEM,
    );

  // Pipeline runs: trail k is release floor(k / services) of flow k % services.
  const fingerprints = Array.from({ length: shape.trails }, (_, k) => sha256(`artifact ${k}`));
  const commits = Array.from({ length: shape.trails }, (_, k) => sha1(`commit ${k}`));
  const trailNames = Array.from({ length: shape.trails }, (_, k) => `build-${k}`);
  const trailStart = clock;
  await pump(shape.trails, 256, async (k) => {
    clock = Math.max(clock, trailStart + k * 60_000);
    const flow = flows[k % shape.services]!;
    const trail = trailNames[k]!;
    const fingerprint = fingerprints[k]!;
    const commit = { sha: commits[k]!, branch: 'main', author: `dev${k % 40}@example.com` };
    await services.delivery.saveTrail(LOG_ORG, { flow, name: trail, commit }, SYSTEM);
    await services.delivery.reportArtifact(LOG_ORG, { flow, trail, fingerprint, name: 'app' }, SYSTEM);
    const artifact = { fingerprint };
    const data = { compliant: k % 10 !== 7 };
    await services.delivery.attest(
      LOG_ORG,
      { flow, trail, name: 'unit-tests', type: 'generic', artifact, data },
      SYSTEM,
    );
    if (k % 5000 === 4999) line(`  … ${num(k + 1)} trails`);
  });
  line(`  ${num(shape.trails)} trails in ${num((performance.now() - started) / 1000, 1)} s`);

  await services.environments.createPolicy(LOG_ORG, 'prod-rules', STRICT, SYSTEM);
  await services.environments.createPolicy(LOG_ORG, 'baseline-rules', PROVENANCE_ONLY, SYSTEM);
  const environments = Array.from(
    { length: shape.environments },
    (_, i) => ENVIRONMENT_NAMES[i] ?? `env-${i}`,
  );
  for (const name of environments) {
    const policies = [name.startsWith('prod') ? 'prod-rules' : 'baseline-rules'];
    await services.environments.save(LOG_ORG, { name, type: 'k8s', policies }, SYSTEM);
  }

  const releases = Math.max(1, Math.floor(shape.trails / shape.services));
  const random = seededRandom(4242);
  const rogueNames: string[] = [];
  const fleets = environments.map(
    (environment) => new Fleet(environment, flows, releases, fingerprints, random),
  );
  const start = (clock = Math.max(clock, trailStart + shape.trails * 60_000) + 3_600_000);
  for (let tick = 0; tick < shape.snapshotsPerEnvironment; tick++) {
    clock = start + tick * TICK_MS;
    if (tick === Math.floor(shape.snapshotsPerEnvironment / 2) && fleets[0]!.rogueSeen !== undefined) {
      const allow = `allow:\n  - { fingerprint: "${fleets[0]!.rogueSeen}", reason: "debug image, CHG-1212" }\n`;
      await services.environments.createPolicy(LOG_ORG, 'prod-rules', STRICT + allow, SYSTEM);
    }
    await Promise.all(
      fleets.map((fleet) => {
        if (tick > 0) fleet.change(rogueNames);
        return services.environments.report(LOG_ORG, fleet.environment, fleet.running(), REPORTER);
      }),
    );
    if ((tick + 1) % 1000 === 0)
      line(`  … ${num(tick + 1)} snapshots of each of ${environments.length} environments`);
  }
  const end = clock;
  line(
    `  ${num(fleets.length * shape.snapshotsPerEnvironment)} snapshots in ${num((performance.now() - started) / 1000, 1)} s from the start`,
  );

  const historyEntries = (await services.ledgerStore.head(LOG_ORG))?.size ?? 0;
  const padding = Math.max(0, shape.entries - historyEntries);
  const padStart = performance.now();
  await pump(padding, shape.batch * 4, (i) =>
    services.sequencer.append(LOG_ORG, { event: benchEvent(PURE_LEDGER_EVENT, historyEntries + i) }),
  );
  if (padding > 0)
    line(
      `  … padded with ${num(padding)} ledger-only entries (${num(rate(padding, performance.now() - padStart))}/s)`,
    );
  return {
    services,
    environments,
    start,
    end,
    fingerprints,
    commits,
    trailNames,
    rogueNames,
    built: {
      historyEntries,
      paddingEntries: padding,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
  };
}

/** What one environment runs, changed a little before each report. */
class Fleet {
  /** Per service: the release running and its instance count. */
  private readonly slots: { release: number; instances: number }[];
  private readonly rogues: { name: string; fingerprint: string }[] = [];
  private rogueCount = 0;
  /** The first rogue fingerprint this environment ran (the policy change allow-lists it). */
  rogueSeen: string | undefined;

  constructor(
    readonly environment: string,
    private readonly flows: readonly string[],
    private readonly releases: number,
    private readonly fingerprints: readonly string[],
    private readonly random: () => number,
  ) {
    this.slots = flows.map(() => ({ release: 0, instances: randomInt(random, 1, 6) }));
  }

  running(): { name: string; fingerprint: string; instances: number }[] {
    const services = this.slots.map(({ release, instances }, j) => ({
      name: `registry.example.com/${this.flows[j]}:1.${release}`,
      fingerprint: this.fingerprints[release * this.flows.length + j]!,
      instances,
    }));
    return [...services, ...this.rogues.map((r) => ({ ...r, instances: 1 }))];
  }

  /** One change: a release (or rollback), a scaling, or a rogue container starting or stopping. */
  change(rogueNames: string[]): void {
    const roll = this.random();
    const slot = this.slots[randomInt(this.random, 0, this.slots.length - 1)]!;
    if (roll < 0.5 && slot.release + 1 < this.releases) {
      slot.release += 1;
    } else if (roll < 0.55 && slot.release > 0) {
      slot.release -= 1;
    } else if (roll < 0.62 && this.rogues.length < 3) {
      const n = this.rogueCount++;
      const name = `docker.io/tools/${this.environment}-debug-${n}`;
      const fingerprint = sha256(`rogue ${this.environment} ${n}`);
      this.rogues.push({ name, fingerprint });
      rogueNames.push(name);
      this.rogueSeen ??= fingerprint;
    } else if (roll < 0.68 && this.rogues.length > 0) {
      this.rogues.shift();
    } else {
      slot.instances = (slot.instances % 8) + 1;
    }
  }
}
