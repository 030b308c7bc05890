// Where and when an artifact ran, over HTTP (issue #7): the artifact page's "every environment and
// period it ran in", also for a rogue artifact no trail reported (whose artifact page is a 404),
// its approvals through the approvals list, clear refusals, and org isolation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROLES } from '../../core/model/token.ts';
import type { ArtifactRuns } from '../../service/artifactRunService.ts';
import { API_1, API_2, API_3, IMAGE, ROGUE, WEEK } from '../../../test/support/deploymentWeek.ts';
import { injectJson } from '../../../test/support/inject.ts';
import { weekApp, type WeekApp } from '../../../test/support/weekApp.ts';

let week: WeekApp;

before(async () => {
  week = await weekApp();
});

after(async () => {
  await week.close();
});

test('every environment and period an artifact ran in, for every role of the org', async () => {
  for (const role of ROLES) {
    const answer = await week.get(`/artifacts/${API_1}/runs`, role);
    assert.equal(answer.statusCode, 200, `${role}: ${answer.body}`);
  }
  const { fingerprint, reported, runs, truncated } = (
    await week.get(`/artifacts/sha256:${API_1.toUpperCase()}/runs`)
  ).json<ArtifactRuns>();
  assert.deepEqual([fingerprint, reported, truncated], [API_1, true, false]);
  assert.deepEqual(
    runs.map((r) => [r.environment, r.name, r.from, r.until, r.instancesAtStart, r.instances, r.scalings]),
    [
      ['prod', `${IMAGE}:1.4.1`, WEEK.tuesday, null, 2, 4, 1],
      ['staging', `${IMAGE}:1.4.1`, WEEK.monday, WEEK.wednesday, 1, 1, 0],
    ],
  );
  assert.deepEqual(
    runs.map((r) => [r.compliant, r.unauthorised, r.fromSnapshot, r.untilSnapshot]),
    [
      [true, false, 1, null],
      [true, false, 1, 2],
    ],
  );
  const built = (await week.get(`/artifacts/${API_3}/runs`)).json<ArtifactRuns>();
  assert.deepEqual([built.reported, built.runs], [true, []], 'built, never deployed');
});

test('a rogue artifact has no artifact page, but its runs are on record', async () => {
  assert.equal((await week.get(`/artifacts/${ROGUE}`)).statusCode, 404);
  const answer = await week.get(`/artifacts/${ROGUE}/runs`);
  assert.equal(answer.statusCode, 200, answer.body);
  const rogue = answer.json<ArtifactRuns>();
  assert.equal(rogue.reported, false);
  assert.deepEqual(
    rogue.runs.map((r) => [r.environment, r.name, r.from, r.until, r.compliant, r.unauthorised, r.reasons]),
    [
      [
        'prod',
        'tools/miner:100%',
        WEEK.wednesdayEvening,
        WEEK.thursday,
        false,
        true,
        ['policy prod-rules: no provenance: no pipeline reported this fingerprint'],
      ],
    ],
  );
});

test('the artifact page lists the approvals of the fingerprint', async () => {
  const asked = await injectJson(week.app, 'POST', '/api/v1/orgs/acme/approvals', week.acme.writer, {
    environment: 'prod',
    fingerprint: API_2,
    comment: 'release 1.5.0',
  });
  assert.equal(asked.statusCode, 201, asked.body);
  const of = async (fingerprint: string) =>
    (await week.get(`/approvals?fingerprint=${fingerprint}`))
      .json<{ approvals: { fingerprint: string; environment: string }[] }>()
      .approvals.map((a) => [a.environment, a.fingerprint]);
  assert.deepEqual(await of(API_2), [['prod', API_2]]);
  assert.deepEqual(await of(API_1), []);
});

test('an unknown fingerprint is a 404; a malformed one a clear 400', async () => {
  const unknown = await week.get(`/artifacts/${'f'.repeat(64)}/runs`);
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json<{ code: string }>().code, 'not_found');
  assert.match(unknown.json<{ detail: string }>().detail, /no trail reported it and no environment ran it/);
  for (const bad of ['abc', 'g'.repeat(64), `sha1:${'a'.repeat(40)}`]) {
    const answer = await week.get(`/artifacts/${bad}/runs`);
    assert.equal(answer.statusCode, 400, bad);
    assert.match(answer.json<{ detail: string }>().detail, /fingerprint" must be a SHA-256/, bad);
  }
});

test("another org's token learns nothing, not even that the artifact ran", async () => {
  for (const url of [
    `/api/v1/orgs/acme/artifacts/${API_1}/runs`,
    `/api/v1/orgs/other/artifacts/${API_1}/runs`,
  ]) {
    const answer = await injectJson(week.app, 'GET', url, week.stranger);
    assert.equal(answer.statusCode, 404, url);
  }
  assert.equal(
    (await injectJson(week.app, 'GET', `/api/v1/orgs/acme/artifacts/${API_1}/runs`)).statusCode,
    401,
  );
});
