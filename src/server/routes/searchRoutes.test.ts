// Search over HTTP (issues #3 and #7): by any SHA prefix, commit or name, answered as typed hits the
// web UI links to, beside the lists `evident search` reads; `%` and `_` in a name are literal; clear
// refusals; and org isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES } from '../../core/model/token.ts';
import type { SearchHit } from '../../service/searchService.ts';
import { API_1, COMMIT_1, ROGUE } from '../../../test/support/deploymentWeek.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { weekApp, type WeekApp } from '../../../test/support/weekApp.ts';

type Found = {
  artifacts: { fingerprint: string; name: string; flow: string; trail: string; compliant: boolean }[];
  trails: { flow: string; name: string; commit: { sha: string } | null; compliant: boolean }[];
  evidence: unknown[];
  hits: SearchHit[];
  truncated: boolean;
};
let week: WeekApp;
const search = async (q: string) => {
  const answer = await week.get(`/search?q=${encodeURIComponent(q)}`);
  assert.equal(answer.statusCode, 200, `${q}: ${answer.body}`);
  return answer.json<Found>();
};

before(async () => {
  week = await weekApp();
});

after(async () => {
  await week.close();
});

test('the same artifact by fingerprint prefix, by its commit prefix and by name', async () => {
  for (const role of ROLES)
    assert.equal((await week.get(`/search?q=${API_1.slice(0, 8)}`, role)).statusCode, 200, role);
  const artifact = {
    kind: 'artifact',
    fingerprint: API_1,
    name: 'api',
    flow: 'payments-api',
    trail: 'run-1',
    compliant: true,
  };
  const byFingerprint = await search(`sha256:${API_1.slice(0, 10)}`);
  assert.deepEqual(byFingerprint.hits, [{ ...artifact, matched: 'fingerprint' }]);
  // What `evident search` reads is still there.
  assert.deepEqual(
    byFingerprint.artifacts.map((a) => [a.fingerprint, a.name, a.flow, a.trail, a.compliant]),
    [[API_1, 'api', 'payments-api', 'run-1', true]],
  );
  assert.deepEqual([byFingerprint.trails, byFingerprint.evidence, byFingerprint.truncated], [[], [], false]);

  const byCommit = await search(COMMIT_1.slice(0, 9));
  assert.deepEqual(byCommit.hits, [
    {
      kind: 'trail',
      flow: 'payments-api',
      trail: 'run-1',
      commit: COMMIT_1,
      compliant: true,
      matched: 'commit',
    },
    { ...artifact, matched: 'commit' },
  ]);
  assert.deepEqual(
    byCommit.trails.map((t) => t.commit?.sha),
    [COMMIT_1],
  );

  const byName = await search('Api');
  assert.deepEqual(
    byName.hits.filter((h) => h.kind === 'artifact' && h.fingerprint === API_1),
    [{ ...artifact, matched: 'name' }],
  );
  assert.deepEqual(byName.hits[0], {
    kind: 'flow',
    flow: 'payments-api',
    description: 'payments',
    matched: 'name',
  });
  assert.deepEqual([byName.artifacts, byName.trails, byName.evidence], [[], [], []]);
});

test('environments, flows and rogue artifacts by name; % and _ match only themselves', async () => {
  assert.deepEqual((await search('PROD')).hits, [
    { kind: 'environment', environment: 'prod', type: 'k8s', matched: 'name' },
  ]);
  assert.deepEqual(
    (await search('y_v')).hits.map((h) => h.kind === 'flow' && h.flow),
    ['pay_v2'],
    'not payXv2',
  );
  const percent = { kind: 'artifact', fingerprint: ROGUE, name: 'tools/miner:100%' };
  const rogue = { ...percent, flow: null, trail: null, compliant: null };
  assert.deepEqual((await search('00%')).hits, [{ ...rogue, matched: 'name' }], 'not tools/miner:1000');
  assert.deepEqual((await search(ROGUE.slice(0, 6))).hits, [{ ...rogue, matched: 'fingerprint' }]);
  assert.deepEqual((await search('no such thing')).hits, []);
});

test('a q too short, too long or missing is refused with a clear problem', async () => {
  const cases: [string, RegExp][] = [
    ['/search?q=a', /query parameter "q" must be 2 to 100 characters/],
    [`/search?q=${'a'.repeat(101)}`, /query parameter "q" must be 2 to 100 characters/],
    ['/search?q=%20%20%20', /search takes 2 to 100 characters/],
    ['/search', /missing query parameter "q"/],
    ['/search?q=abc&limit=5', /unknown query parameter "limit"/],
  ];
  for (const [url, message] of cases) {
    const answer = await week.get(url);
    assert.equal(answer.statusCode, 400, url);
    assert.match(answer.json<{ detail: string }>().detail, message, url);
  }
});

test("another org's token gets a 404, and finds nothing of acme in its own org", async () => {
  const url = `/api/v1/orgs/acme/search?q=${API_1.slice(0, 8)}`;
  assert.equal((await injectJson(week.app, 'GET', url, week.stranger)).statusCode, 404);
  for (const q of [API_1.slice(0, 8), COMMIT_1.slice(0, 8), 'api', 'prod']) {
    const own = await injectJson(week.app, 'GET', `/api/v1/orgs/other/search?q=${q}`, week.stranger);
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(own.json<Found>().hits, [], q);
  }
});

test('7 or more hex digits are a SHA prefix only; fewer are also looked for in names', async () => {
  await week.services.flows.save(
    'acme',
    { name: 'build-cafe1234', description: 'a name with a hex run' },
    { type: 'system' },
  );
  const flows = async (q: string) =>
    (await search(q)).hits.flatMap((h) => (h.kind === 'flow' ? [h.flow] : []));
  assert.deepEqual(await flows('cafe12'), ['build-cafe1234'], 'six hex digits: names too');
  assert.deepEqual(await flows('cafe123'), [], 'a short commit: no name scan');
  assert.deepEqual(await flows('-cafe1234'), ['build-cafe1234'], 'a non-hex character makes it a name');
});
