// Issue #7: the queries the web UI navigates by, on SQLite and a real PostgreSQL — where and when an
// artifact ran (a rogue one too), the change log of every environment merged and paged, the home
// page's summary of each environment, and search by fingerprint prefix, commit prefix or name (with
// `%` and `_` taken literally, case ignored on both databases). Another org's data never shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EvidentServices } from '../src/service/evidentServices.ts';
import type { SearchHit } from '../src/service/searchService.ts';
import { ServerMetaStore } from '../src/storage/orgStore.ts';
import { backends } from './support/backends.ts';
import {
  API_1,
  API_2,
  API_3,
  COMMIT_1,
  deploymentWeek,
  IMAGE,
  ROGUE,
  ROGUE_2,
  WEEK,
} from './support/deploymentWeek.ts';
import { TEST_ORIGIN, testServices } from './support/services.ts';

const system = { type: 'system' } as const;

for (const backend of backends()) {
  describe(`navigation queries on ${backend.name}`, { skip: backend.skip }, () => {
    test('runs, the merged change log, the summary and search', async () => {
      const database = await backend.open();
      await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
      let clock = Date.parse('2026-11-16T07:00:00.000Z');
      const services = testServices(database, { now: () => clock });
      const setClock = (instant: string) => {
        clock = Date.parse(instant);
      };
      try {
        await services.access.createOrg('acme', system);
        await services.access.createOrg('other', system);
        await deploymentWeek(services, 'acme', setClock);
        await anotherOrg(services, setClock);
        await runs(services);
        await changes(services);
        await summary(services);
        await search(services);
      } finally {
        await database.close();
      }
    });
  });
}

/** Org `other` runs API_1 too, in its own `prod`, under a name that contains "other". */
async function anotherOrg(services: EvidentServices, setClock: (instant: string) => void) {
  setClock('2026-11-20T09:00:00.000Z');
  await services.flows.save('other', { name: 'other-flow', description: '' }, system);
  await services.environments.save('other', { name: 'prod', type: 'server' }, system);
  await services.environments.save('other', { name: 'other-staging', type: 'server' }, system);
  await services.environments.report(
    'other',
    'prod',
    [{ name: 'tools/miner:100%-other', fingerprint: API_1, instances: 9 }],
    system,
  );
}

async function runs(services: EvidentServices) {
  const api = await services.runs.runs('acme', `sha256:${API_1.toUpperCase()}`);
  assert.equal(api.fingerprint, API_1);
  assert.equal(api.reported, true);
  assert.equal(api.truncated, false);
  assert.deepEqual(
    api.runs.map((r) => ({
      environment: r.environment,
      name: r.name,
      from: r.from,
      until: r.until,
      instancesAtStart: r.instancesAtStart,
      instances: r.instances,
      scalings: r.scalings,
      compliant: r.compliant,
      unauthorised: r.unauthorised,
    })),
    [
      {
        environment: 'prod',
        name: `${IMAGE}:1.4.1`,
        from: WEEK.tuesday,
        until: null,
        instancesAtStart: 2,
        instances: 4,
        scalings: 1,
        compliant: true,
        unauthorised: false,
      },
      {
        environment: 'staging',
        name: `${IMAGE}:1.4.1`,
        from: WEEK.monday,
        until: WEEK.wednesday,
        instancesAtStart: 1,
        instances: 1,
        scalings: 0,
        compliant: true,
        unauthorised: false,
      },
    ],
    "every environment and period it ran in, not another org's prod",
  );
  assert.deepEqual(api.runs[0]?.provenance, [{ flow: 'payments-api', trail: 'run-1', name: 'api' }]);

  const rogue = await services.runs.runs('acme', ROGUE);
  assert.equal(rogue.reported, false, 'no trail reported it');
  assert.deepEqual(
    rogue.runs.map((r) => [r.environment, r.name, r.from, r.until, r.compliant, r.unauthorised]),
    [['prod', 'tools/miner:100%', WEEK.wednesdayEvening, WEEK.thursday, false, true]],
  );
  assert.deepEqual(rogue.runs[0]?.reasons, [
    'policy prod-rules: no provenance: no pipeline reported this fingerprint',
  ]);
  assert.deepEqual(
    (await services.runs.runs('acme', API_2)).runs.map((r) => [r.environment, r.from, r.until]),
    [['staging', WEEK.wednesday, null]],
  );
  assert.deepEqual(await services.runs.runs('acme', API_3), {
    fingerprint: API_3,
    reported: true,
    runs: [],
    truncated: false,
  });
  await assert.rejects(services.runs.runs('acme', 'f'.repeat(64)), { code: 'not_found' });
  await assert.rejects(services.runs.runs('other', ROGUE), { code: 'not_found' }, "acme's rogue is acme's");
}

async function changes(services: EvidentServices) {
  const all = await services.environments.recentChanges('acme', { limit: 100 });
  assert.deepEqual(
    all.map((c) => [c.at, c.environment, c.kind, c.fingerprint, c.unauthorised]),
    [
      [WEEK.thursday, 'prod', 'stopped', ROGUE, false],
      [WEEK.thursday, 'prod', 'stopped', ROGUE_2, false],
      [WEEK.wednesdayEvening, 'prod', 'started', ROGUE, true],
      [WEEK.wednesdayEvening, 'prod', 'started', ROGUE_2, true],
      [WEEK.wednesday, 'staging', 'started', API_2, false],
      [WEEK.wednesday, 'staging', 'stopped', API_1, false],
      [WEEK.tuesdayNoon, 'prod', 'scaled', API_1, false],
      [WEEK.tuesday, 'prod', 'started', API_1, false],
      [WEEK.monday, 'staging', 'started', API_1, false],
    ],
  );
  // Pages of 3: an entry's changes are never split, the next page starts at the next older entry.
  const pages: string[][] = [];
  let before: number | undefined;
  for (;;) {
    const page = await services.environments.recentChanges('acme', {
      limit: 3,
      ...(before !== undefined && { before }),
    });
    pages.push(page.map((c) => `${c.environment} ${c.kind} ${c.at}`));
    if (page.length < 3) break;
    before = page.at(-1)?.index;
  }
  assert.deepEqual(
    pages.map((p) => p.length),
    [4, 3, 2],
  );
  assert.deepEqual(
    pages.flat(),
    all.map((c) => `${c.environment} ${c.kind} ${c.at}`),
  );
  assert.deepEqual(
    (await services.environments.recentChanges('other', { limit: 100 })).map((c) => c.name),
    ['tools/miner:100%-other'],
  );
}

async function summary(services: EvidentServices) {
  const list = await services.environments.list('acme');
  assert.deepEqual(
    list.map((e) => [e.name, e.running, e.lastSnapshotAt, e.compliant, e.snapshots]),
    [
      ['everywhere', 2, WEEK.thursday, true, 0],
      ['prod', 1, WEEK.thursday, true, 4],
      ['staging', 1, WEEK.wednesday, true, 2],
    ],
  );
  const everywhere = await services.environments.environment('acme', 'everywhere');
  assert.equal(everywhere.running, 2);
  assert.equal(everywhere.lastSnapshotAt, WEEK.thursday);
  const other = await services.environments.list('other');
  assert.deepEqual(
    other.map((e) => [e.name, e.running, e.lastSnapshotAt]),
    [
      ['other-staging', 0, null],
      ['prod', 1, '2026-11-20T09:00:00.000Z'],
    ],
  );
}

async function search(services: EvidentServices) {
  const find = (q: string, org = 'acme') => services.search.search(org, q);
  const kinds = (hits: readonly SearchHit[]) => hits.map((h) => `${h.kind}:${label(h)}:${h.matched}`);

  // The same artifact by fingerprint prefix, by the commit prefix of its trail, and by name.
  const byFingerprint = await find(API_1.slice(0, 7));
  assert.deepEqual(kinds(byFingerprint.hits), [`artifact:${API_1} api payments-api/run-1:fingerprint`]);
  assert.deepEqual(
    byFingerprint.artifacts.map((a) => a.fingerprint),
    [API_1],
    'the fields the CLI reads are kept',
  );
  const byCommit = await find(COMMIT_1.slice(0, 12).toUpperCase());
  assert.deepEqual(kinds(byCommit.hits), [
    'trail:payments-api/run-1:commit',
    `artifact:${API_1} api payments-api/run-1:commit`,
  ]);
  assert.deepEqual(
    byCommit.trails.map((t) => t.commit?.sha),
    [COMMIT_1],
  );
  // A shorter commit prefix finds both builds' trails (c0ffee…), newest first.
  assert.deepEqual((await find('c0ffee')).hits.filter((h) => h.kind === 'trail').map(label), [
    'payments-api/run-2',
    'payments-api/run-1',
  ]);
  const byName = await find('API');
  assert.deepEqual(kinds(byName.hits), [
    'flow:payments-api:name',
    `artifact:${API_3} api payments-api/run-3:name`,
    `artifact:${API_2} api payments-api/run-2:name`,
    `artifact:${API_1} api payments-api/run-1:name`,
  ]);
  assert.deepEqual([byName.artifacts, byName.trails, byName.evidence], [[], [], []]);
  // A built artifact also by the image name an environment ran it under.
  assert.deepEqual(kinds((await find('EXAMPLE.com/payments')).hits), [
    `artifact:${API_2} api payments-api/run-2:name`,
    `artifact:${API_1} api payments-api/run-1:name`,
  ]);

  // A rogue artifact by fingerprint prefix and by name; `%` and `_` match themselves only.
  assert.deepEqual(kinds((await find(`sha256:${ROGUE.slice(0, 10)}`)).hits), [
    `artifact:${ROGUE} tools/miner:100% -:fingerprint`,
  ]);
  assert.deepEqual(kinds((await find('MINER:100')).hits), [
    `artifact:${ROGUE} tools/miner:100% -:name`,
    `artifact:${ROGUE_2} tools/miner:1000 -:name`,
  ]);
  assert.deepEqual(kinds((await find('0%')).hits), [`artifact:${ROGUE} tools/miner:100% -:name`]);
  assert.deepEqual(kinds((await find('y_v')).hits), ['flow:pay_v2:name']);
  assert.deepEqual(kinds((await find('everyw')).hits), ['environment:everywhere:name']);
  assert.deepEqual(kinds((await find('run-')).hits), [
    'trail:payments-api/run-3:name',
    'trail:payments-api/run-2:name',
    'trail:payments-api/run-1:name',
  ]);

  // Nothing of another org, either way.
  assert.deepEqual((await find('other')).hits, []);
  assert.deepEqual(kinds((await find('other', 'other')).hits), [
    'environment:other-staging:name',
    'flow:other-flow:name',
    `artifact:${API_1} tools/miner:100%-other -:name`,
  ]);
  assert.deepEqual((await find(API_1.slice(0, 7), 'other')).hits.map(label), [
    `${API_1} tools/miner:100%-other -`,
  ]);
  await assert.rejects(find('a'), { code: 'bad_request' });
  await assert.rejects(find(' '.repeat(10)), { code: 'bad_request' });
}

function label(hit: SearchHit): string {
  switch (hit.kind) {
    case 'environment':
      return hit.environment;
    case 'flow':
      return hit.flow;
    case 'trail':
      return `${hit.flow}/${hit.trail}`;
    case 'artifact':
      return `${hit.fingerprint} ${hit.name} ${hit.flow === null ? '-' : `${hit.flow}/${hit.trail ?? ''}`}`;
    case 'evidence':
      return hit.sha256;
  }
}
