// The home page's feed over HTTP (issue #7): the change log of every environment of the org, newest
// first, each line with its environment; paged without splitting a snapshot's changes; clear
// refusals; and org isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES } from '../../core/model/token.ts';
import type { EnvironmentChange } from '../../core/model/environment.ts';
import { API_1, API_2, ROGUE, ROGUE_2, WEEK } from '../../../test/support/deploymentWeek.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { weekApp, type WeekApp } from '../../../test/support/weekApp.ts';

type Feed = { changes: EnvironmentChange[]; next: string | null };
let week: WeekApp;

before(async () => {
  week = await weekApp();
});

after(async () => {
  await week.close();
});

test('recent changes across all environments, newest first, for every role of the org', async () => {
  for (const role of ROLES) assert.equal((await week.get('/changes', role)).statusCode, 200, role);
  const feed = (await week.get('/changes')).json<Feed>();
  assert.equal(feed.next, null);
  assert.deepEqual(
    feed.changes.map((c) => [c.at, c.environment, c.kind, c.fingerprint, c.compliant, c.unauthorised]),
    [
      [WEEK.thursday, 'prod', 'stopped', ROGUE, false, false],
      [WEEK.thursday, 'prod', 'stopped', ROGUE_2, false, false],
      [WEEK.wednesdayEvening, 'prod', 'started', ROGUE, false, true],
      [WEEK.wednesdayEvening, 'prod', 'started', ROGUE_2, false, true],
      [WEEK.wednesday, 'staging', 'started', API_2, true, false],
      [WEEK.wednesday, 'staging', 'stopped', API_1, true, false],
      [WEEK.tuesdayNoon, 'prod', 'scaled', API_1, true, false],
      [WEEK.tuesday, 'prod', 'started', API_1, true, false],
      [WEEK.monday, 'staging', 'started', API_1, true, false],
    ],
  );
  // The same lines as each environment's own change log.
  const prod = (await week.get('/environments/prod/changes')).json<Feed>().changes;
  assert.deepEqual(
    feed.changes.filter((c) => c.environment === 'prod'),
    prod,
  );
});

test('pages of `limit`, never splitting the changes of one snapshot', async () => {
  const seen: EnvironmentChange[][] = [];
  let next: string | null = '';
  while (next !== null) {
    const answer = await week.get(`/changes?limit=3${next === '' ? '' : `&before=${next}`}`);
    assert.equal(answer.statusCode, 200, answer.body);
    const page: Feed = answer.json<Feed>();
    seen.push(page.changes);
    next = page.next;
  }
  assert.deepEqual(
    seen.map((page) => page.map((c) => `${c.environment} ${c.kind} ${c.name}`)),
    [
      [
        'prod stopped tools/miner:100%',
        'prod stopped tools/miner:1000',
        'prod started tools/miner:100%',
        'prod started tools/miner:1000',
      ],
      [
        'staging started registry.example.com/payments/api:1.5.0',
        'staging stopped registry.example.com/payments/api:1.4.1',
        'prod scaled registry.example.com/payments/api:1.4.1',
      ],
      [
        'prod started registry.example.com/payments/api:1.4.1',
        'staging started registry.example.com/payments/api:1.4.1',
      ],
    ],
  );
});

test('bad paging is refused with a clear problem', async () => {
  const cases: [string, RegExp][] = [
    ['/changes?limit=0', /query parameter "limit" must be 1 to 1000/],
    ['/changes?limit=1001', /query parameter "limit" must be 1 to 1000/],
    ['/changes?before=-1', /query parameter "before" must be a cursor from `next`/],
    ['/changes?since=2026-11-16', /unknown query parameter "since"/],
  ];
  for (const [url, message] of cases) {
    const answer = await week.get(url);
    assert.equal(answer.statusCode, 400, url);
    assert.match(answer.json<{ detail: string }>().detail, message, url);
  }
});

test("another org's token gets a 404, and its own org's feed is its own", async () => {
  assert.equal(
    (await injectJson(week.app, 'GET', '/api/v1/orgs/acme/changes', week.stranger)).statusCode,
    404,
  );
  const own = await injectJson(week.app, 'GET', '/api/v1/orgs/other/changes', week.stranger);
  assert.equal(own.statusCode, 200, own.body);
  assert.deepEqual(own.json<Feed>(), { changes: [], next: null });
});
