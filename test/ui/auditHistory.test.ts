// The seeded week that every UI test relies on, checked through the HTTP API alone (no browser): if
// this fails, the page tests would fail for a reason that is not the UI's.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { ApiRefusal, httpApi } from '../support/httpApi.ts';
import { uiFixture } from '../support/uiFixture.ts';

interface SnapshotView {
  number: number;
  at: string;
  compliant: boolean;
  artifacts: {
    name: string;
    fingerprint: string;
    instances: number;
    compliant: boolean;
    reasons: string[];
    notes?: string[];
    provenance: { flow: string; trail: string }[];
  }[];
}

describe('the seeded audit history', () => {
  const ui = uiFixture({ seed: true });
  const org = (...parts: string[]) => ['/api/v1/orgs/acme', ...parts].join('/');

  test('is recorded quickly', () => {
    console.log(
      `UI build + server start ${Math.round(ui.timings.server)} ms, seed ${Math.round(ui.timings.seed)} ms`,
    );
    assert.ok(ui.timings.seed < 30_000);
    assert.equal(ui.history.now.slice(0, 16), '2026-11-22T12:00');
  });

  test('prod at Thu 19 Nov 02:30 UTC ran v2, the web front end and the rogue miner, and was not compliant', async () => {
    const { history } = ui;
    const api = httpApi(history.url, history.tokens.admin);
    const { apiV2, webV1 } = history.builds;
    const then = await api.get<SnapshotView>(
      `${org('environments', 'prod', 'snapshot')}?at=2026-11-19T02:30:00Z`,
    );
    assert.equal(then.number, 4);
    assert.equal(then.number, history.question.answer.number);
    assert.equal(then.at, history.question.answer.at);
    assert.ok(then.at.startsWith('2026-11-19T01:00:00'));
    assert.equal(then.compliant, false);
    const byName = new Map(then.artifacts.map((a) => [a.name, a]));
    assert.deepEqual([...byName.keys()].sort(), [apiV2.image, webV1.image, history.rogue.name].sort());
    const rogue = byName.get(history.rogue.name);
    assert.ok(rogue !== undefined);
    assert.deepEqual(
      [rogue.fingerprint, rogue.instances, rogue.compliant],
      [history.rogue.fingerprint, 1, false],
    );
    assert.deepEqual(rogue.provenance, []);
    assert.match(rogue.reasons.join(' '), /provenance/);
    const v2 = byName.get(apiV2.image);
    assert.deepEqual([v2?.fingerprint, v2?.instances, v2?.compliant], [apiV2.fingerprint, 4, true]);
    assert.deepEqual(
      v2?.provenance.map((p) => [p.flow, p.trail]),
      [['payments-api', 'build-1043']],
    );
    assert.deepEqual(
      history.question.answer.artifacts.map((a) => [a.name, a.fingerprint, a.instances]).sort(),
      then.artifacts.map((a) => [a.name, a.fingerprint, a.instances]).sort(),
    );
  });

  test('prod now runs v2 and the break-glass hotfix, compliant; the rogue start is flagged in the change log', async () => {
    const { history } = ui;
    const api = httpApi(history.url, history.tokens.admin);
    const now = await api.get<SnapshotView>(org('environments', 'prod', 'snapshot'));
    assert.equal(now.number, 6);
    assert.equal(now.compliant, true, JSON.stringify(now.artifacts));
    const hotfix = now.artifacts.find((a) => a.fingerprint === history.builds.webHotfix.fingerprint);
    assert.match(hotfix?.notes?.join(' ') ?? '', /break-glass exception by alice: INC-4411/);
    assert.deepEqual(
      history.snapshots.prod.map((s) => [s.number, s.at.slice(0, 16), s.compliant]),
      [
        [1, '2026-11-16T11:30', true],
        [2, '2026-11-18T10:00', true],
        [3, '2026-11-18T16:00', true],
        [4, '2026-11-19T01:00', false],
        [5, '2026-11-19T04:00', true],
        [6, '2026-11-20T18:00', true],
      ],
    );
    assert.deepEqual(
      history.snapshots.staging.map((s) => s.at.slice(0, 16)),
      ['2026-11-16T11:00', '2026-11-17T11:00', '2026-11-19T11:30', '2026-11-21T09:30'],
    );
    const { changes } = await api.get<{
      changes: { kind: string; fingerprint: string; unauthorised: boolean; at: string }[];
    }>(`${org('environments', 'prod', 'changes')}?limit=100`);
    const flagged = changes.filter((c) => c.unauthorised);
    assert.deepEqual(
      flagged.map((c) => [c.kind, c.fingerprint]),
      [['started', history.rogue.fingerprint]],
    );
    assert.ok(changes.some((c) => c.kind === 'scaled' && c.fingerprint === history.builds.apiV2.fingerprint));
  });

  test('builds: the failing one is not compliant and says why; the others are compliant', async () => {
    const { history } = ui;
    for (const build of Object.values(history.builds)) {
      const expected = build.trail !== 'build-1042';
      assert.equal(build.compliant, expected, `${build.flow}/${build.trail}: ${build.reasons.join('; ')}`);
    }
    assert.match(history.builds.apiBroken.reasons.join(' '), /unit-tests/);
    assert.match(history.builds.apiBroken.reasons.join(' '), /2 fail/);
    // The evidence is the sample's very bytes.
    const api = httpApi(history.url, history.tokens.admin);
    const [junit] = history.builds.apiBroken.evidence;
    assert.ok(junit !== undefined);
    const response = await fetch(`${history.url}${org('evidence', junit.sha256)}`, {
      headers: { authorization: `Bearer ${history.tokens.admin}` },
    });
    const digest = createHash('sha256')
      .update(Buffer.from(await response.arrayBuffer()))
      .digest('hex');
    assert.equal(digest, junit.sha256);
    const found = await api.get<{ artifacts: { fingerprint: string }[] }>(
      `${org('search')}?q=${history.builds.apiV2.fingerprint.slice(0, 12)}`,
    );
    assert.deepEqual(
      found.artifacts.map((a) => a.fingerprint),
      [history.builds.apiV2.fingerprint],
    );
  });

  test('approvals: granted, rejected, break-glass unreviewed, and v3 pending', async () => {
    const { history } = ui;
    const { approvals, builds } = history;
    assert.deepEqual(
      Object.values(approvals).map((a) => [a.kind, a.status, a.decidedBy ?? null]),
      [
        ['request', 'approved', 'alice'],
        ['request', 'approved', 'bob'],
        ['request', 'approved', 'alice'],
        ['request', 'rejected', 'bob'],
        ['exception', 'unreviewed', null],
        ['request', 'pending', null],
      ],
    );
    assert.equal(approvals.apiV3Pending.fingerprint, builds.apiV3.fingerprint);
    assert.equal(approvals.apiV3Pending.stale, false);
    assert.equal(approvals.webV2Rejected.decisionComment, 'No rollback plan for the checkout redesign');
    const api = httpApi(history.url, history.tokens.admin);
    const list = async (status: string) =>
      (await api.get<{ approvals: { id: number }[] }>(`${org('approvals')}?status=${status}`)).approvals.map(
        (a) => a.id,
      );
    assert.deepEqual(await list('pending'), [approvals.apiV3Pending.id]);
    assert.deepEqual(await list('rejected'), [approvals.webV2Rejected.id]);
    assert.deepEqual(await list('exception-unreviewed'), [approvals.webHotfixBreakGlass.id]);
  });

  test('people sign in with their passwords; the reader cannot approve, the approver could', async () => {
    const { history } = ui;
    const signIn = async (username: string, password: string) => {
      const response = await fetch(`${history.url}${org('sessions')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      assert.equal(response.status, 201, username);
      return ((await response.json()) as { token: { secret: string } }).token.secret;
    };
    for (const person of Object.values(history.users)) await signIn(person.username, person.password);
    const rita = httpApi(
      history.url,
      await signIn(history.users.reader.username, history.users.reader.password),
    );
    const id = String(history.approvals.apiV3Pending.id);
    await assert.rejects(
      rita.post(org('approvals', id, 'decisions'), { decision: 'approve', comment: 'looks fine' }),
      (error: unknown) => error instanceof ApiRefusal && error.status === 403,
    );
    // The gate says what the approver's decision would change (nothing is decided here).
    const gate = await rita.get<{ approved: boolean; reasons: string[] }>(
      `${org('environments', 'prod', 'approval')}?fingerprint=${history.builds.apiV3.fingerprint}`,
    );
    assert.deepEqual(gate.approved, false);
    const pending = await rita.get<{ status: string; decisions: unknown[] }>(org('approvals', id));
    assert.deepEqual([pending.status, pending.decisions], ['pending', []]);
  });
});
