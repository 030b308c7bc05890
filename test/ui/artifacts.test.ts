// Issue #7, "how did it get there?" and "when was this artifact anywhere?" — answered in real Chromium
// (a viewer in Zurich) against a real server with the seeded week, signed in as Audrey, the external
// auditor: a 7-digit fingerprint prefix typed into the search box leads to the artifact's page with its
// commit, trail, attestations with their JUnit counts, approval and every period in staging and prod;
// a commit prefix finds its trail, whose failing tests are stated plainly; a name finds the flow and its
// trails newest first; an evidence file downloads with the bytes of the sample it was; and the rogue
// miner's page says it has no provenance and ran in prod unauthorised. The artifact, trail and environment
// pages offer their audit package (issue #8), which downloads as the server names it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { SAMPLES_URL } from '../../src/core/compliance/samples.testdata.ts';
import type { SeededBuild, SeededSnapshot } from '../support/auditHistory.ts';
import { recordApiRequests, screenshot, skipUnlessChromium, TIMEZONE, withPage } from '../support/browser.ts';
import { httpApi } from '../support/httpApi.ts';
import { uiFixture } from '../support/uiFixture.ts';
import { signInQuickly } from '../support/uiSignIn.ts';
import { assertTablesFit } from '../support/tablesFit.ts';

const skip = skipUnlessChromium();

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** "11:00" of an instant as the viewer in Zurich reads it. */
const zurichTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: TIMEZONE, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

/** The periods a fingerprint ran in one environment, from the snapshots as seeded (oldest first). */
function periods(snapshots: readonly SeededSnapshot[], fingerprint: string) {
  const found: { from: string; until: string | null }[] = [];
  let open: string | null = null;
  for (const s of snapshots) {
    const running = s.artifacts.some((a) => a.fingerprint === fingerprint);
    if (running && open === null) open = s.at;
    if (!running && open !== null) {
      found.push({ from: open, until: s.at });
      open = null;
    }
  }
  if (open !== null) found.push({ from: open, until: null });
  return found;
}

/** One attribute of every element a locator matches, in document order. */
const attributes = async (all: Locator, name: string) =>
  Promise.all((await all.all()).map((one) => one.getAttribute(name)));

interface AttestationView {
  name: string;
  compliant: boolean;
  reasons: string[];
  summary: { tests?: number; passed?: number; failures?: number; errors?: number };
}

describe('artifacts, flows, trails and search in the web UI', { skip }, () => {
  const ui = uiFixture({ seed: true, browser: true, skip });
  const page = <T>(body: Parameters<typeof withPage<T>>[2]) =>
    withPage(ui.browser, ui.history.url, body, { now: ui.history.now });
  const signInAsAudrey = (p: Page, path = '/') =>
    signInQuickly(p, ui.history.url, { org: ui.history.org, ...ui.history.users.auditor }, path);
  /** Types into the top bar's search box and presses Enter, as a person would. */
  const searchFor = async (p: Page, q: string) => {
    await p.getByRole('searchbox', { name: 'Search', exact: true }).fill(q);
    await p.keyboard.press('Enter');
    await p.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === q);
  };
  /** The server's own record of a trail's attestations, to compare the page with. */
  const attestationsOf = async (build: SeededBuild) =>
    (
      await httpApi(ui.history.url, ui.history.tokens.admin).get<{ attestations: AttestationView[] }>(
        `/api/v1/orgs/${ui.history.org}/flows/${build.flow}/trails/${build.trail}`,
      )
    ).attestations;

  test('a 7-digit fingerprint prefix leads to the artifact: commit, trail, attestations, approval, periods', async () => {
    const { history } = ui;
    const v2 = history.builds.apiV2;
    const recorded = await attestationsOf(v2);
    await page(async (p) => {
      await signInAsAudrey(p);
      await searchFor(p, v2.fingerprint.slice(0, 7));
      const hit = p.getByRole('link', { name: v2.artifact, exact: true });
      await hit.waitFor();
      assert.match(await p.locator('main').innerText(), /Artifacts \(1\)/);
      assert.match(await p.locator('main').innerText(), /payments-api \/ build-1043/);
      await p.waitForLoadState('networkidle');
      await screenshot(p, 'search');
      await hit.click();
      await p.waitForURL(`**/artifacts/${v2.fingerprint}`);
      await p.locator('.story').waitFor();
      await p.waitForLoadState('networkidle');
      const text = await p.locator('main').innerText();

      // The commit it was built from.
      const commit = p.locator('#step-commit').locator('..');
      const commitText = await commit.innerText();
      assert.ok(commitText.includes(v2.commit.sha));
      assert.ok(commitText.includes(v2.commit.message));
      assert.ok(commitText.includes(v2.commit.author));
      assert.ok(commitText.includes(v2.commit.branch));
      // The trail that built and reported it, with its verdict.
      const build = await p.locator('#step-build').locator('..').innerText();
      assert.match(build, /payments-api \/ build-1043/);
      assert.match(build, /Compliant/);
      assert.equal(
        await p.getByRole('link', { name: v2.trail }).first().getAttribute('href'),
        `/flows/${v2.flow}/trails/${v2.trail}`,
      );
      // Each attestation with its verdict, what the evaluation counted, its evidence and who recorded it.
      const tests = recorded.find((a) => a.name === 'unit-tests');
      assert.ok(tests?.summary.tests !== undefined && tests.summary.passed !== undefined);
      const unitRow = p.locator('tr[data-attestation="unit-tests"]');
      const unit = await unitRow.innerText();
      assert.match(unit, /Compliant/);
      assert.ok(unit.includes(`${tests.summary.passed} of ${tests.summary.tests} passed`), unit);
      assert.ok(unit.includes(v2.evidence[0]?.file ?? '?'));
      assert.match(unit, /by service account github-actions/);
      const scan = await p.locator('tr[data-attestation="dependency-scan"]').innerText();
      assert.match(scan, /Compliant/);
      assert.ok(scan.includes(v2.evidence[1]?.file ?? '?'));
      // The approval: requested by the pipeline, approved by Alice with her comment.
      const approval = history.approvals.apiV2;
      const approvals = await p.locator('#step-approvals').locator('..').innerText();
      assert.match(approvals, /Approved/);
      assert.ok(approvals.includes(`Request ${approval.id}`));
      assert.ok(approvals.includes(approval.comment));
      assert.ok(approvals.includes(`Approved by ${approval.decidedBy ?? '?'}`));
      assert.ok(approvals.includes(approval.decisionComment ?? '?'));
      // Every period in staging and prod, as the snapshots recorded them, in the viewer's time zone.
      for (const env of ['staging', 'prod'] as const) {
        const expected = periods(history.snapshots[env], v2.fingerprint);
        assert.ok(expected.length > 0, `v2 ran in ${env}`);
        const group = p.locator(`.run-group[data-environment="${env}"]`);
        const rows = group.locator('tbody tr');
        assert.equal(await rows.count(), expected.length);
        for (const [i, period] of [...expected].reverse().entries()) {
          const row = rows.nth(i);
          const times = await attributes(row.locator('time'), 'datetime');
          assert.equal(times[0], new Date(period.from).toISOString());
          assert.ok((await row.innerText()).includes(zurichTime(period.from)));
          if (period.until === null) assert.match(await row.innerText(), /still running/);
          else assert.equal(times[1], new Date(period.until).toISOString());
        }
      }
      assert.match(text, /Running now in\s+prod/);
      assert.equal(await assertTablesFit(p, 'artifact v2'), 4);
      await screenshot(p, 'artifact');
    });
  });

  test('an evidence file downloads with the bytes of the tool output it was', async () => {
    const { history } = ui;
    const v2 = history.builds.apiV2;
    const junit = v2.evidence.find((e) => e.type === 'junit');
    assert.ok(junit !== undefined);
    const sample = readFileSync(new URL(`junit/${junit.file}`, SAMPLES_URL));
    await page(async (p) => {
      await signInAsAudrey(p, `/flows/${v2.flow}/trails/${v2.trail}`);
      const link = p.getByRole('link', { name: junit.file });
      await link.waitFor();
      assert.equal(await link.getAttribute('download'), junit.file);
      const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), junit.file);
      const saved = readFileSync(await download.path());
      assert.equal(sha256(saved), sha256(sample));
      assert.equal(sha256(saved), junit.sha256);
      // Still on the trail page: a download is no navigation.
      assert.equal(new URL(p.url()).pathname, `/flows/${v2.flow}/trails/${v2.trail}`);
      assert.equal(await assertTablesFit(p, 'trail'), 3);
      await screenshot(p, 'trail');
    });
  });

  test('a commit prefix finds the trail, which states plainly why it is not compliant', async () => {
    const { history } = ui;
    const broken = history.builds.apiBroken;
    assert.equal(broken.compliant, false);
    const tests = (await attestationsOf(broken)).find((a) => a.name === 'unit-tests');
    const failed = (tests?.summary.failures ?? 0) + (tests?.summary.errors ?? 0);
    assert.ok(failed > 0);
    await page(async (p) => {
      await signInAsAudrey(p);
      await searchFor(p, broken.commit.sha.slice(0, 8));
      const hit = p.getByRole('link', { name: broken.trail, exact: true });
      await hit.waitFor();
      assert.match(await p.locator('main').innerText(), /matched by commit/);
      await hit.click();
      await p.waitForURL(`**/flows/${broken.flow}/trails/${broken.trail}`);
      const why = p.locator('.verdict-box');
      await why.waitFor();
      const plain = await why.innerText();
      assert.match(plain, /This trail is not compliant/);
      assert.ok(plain.includes(`unit-tests: ${failed} of ${tests?.summary.tests ?? '?'} failed`), plain);
      // The server's own sentences are one click away, for whoever wants the failing test names.
      await why.getByText('The reasons as the server recorded them').click();
      const reasons = await why.innerText();
      for (const reason of broken.reasons) assert.ok(reasons.includes(reason), reason);
      const text = await p.locator('main').innerText();
      assert.ok(text.includes(broken.commit.sha));
      assert.ok(text.includes(broken.commit.message));
      assert.match(await p.locator('tr[data-attestation="unit-tests"]').innerText(), /Non-compliant/);
      assert.equal(await assertTablesFit(p, 'trail not compliant'), 3);
      await screenshot(p, 'trail-noncompliant');
    });
  });

  test('a name finds the flow: its template and its trails, newest first; the flows list shows how each stands', async () => {
    const { history } = ui;
    const builds = Object.values(history.builds).filter((b) => b.flow === history.flows.payments);
    await page(async (p) => {
      await signInAsAudrey(p);
      await searchFor(p, 'payments');
      const hit = p.getByRole('link', { name: history.flows.payments, exact: true });
      await hit.waitFor();
      assert.match(await p.locator('main').innerText(), /Flows \(1\)/);
      await hit.click();
      await p.waitForURL(`**/flows/${history.flows.payments}`);
      const rows = p.locator('tr[data-trail]');
      await rows.first().waitFor();
      const newestFirst = [...builds]
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .map((b) => b.trail);
      assert.deepEqual(await attributes(rows, 'data-trail'), newestFirst);
      for (const b of builds) {
        const row = p.locator(`tr[data-trail="${b.trail}"]`);
        const verdict = row.locator('[data-verdict]');
        assert.equal(await verdict.getAttribute('data-verdict'), b.compliant ? 'compliant' : 'non_compliant');
        assert.match(await verdict.innerText(), b.compliant ? /✓\s+Compliant/ : /✗\s+Non-compliant/);
        assert.ok((await row.innerText()).includes(b.commit.sha.slice(0, 12)));
      }
      const template = await p.locator('.template-text').innerText();
      assert.match(template, /unit-tests — JUnit test results/);
      assert.match(template, /dependency-scan — Trivy scan trivy \(failOn: CRITICAL, HIGH\)/);
      assert.equal(await assertTablesFit(p, 'flow'), 1);
      await screenshot(p, 'flow');

      await p.getByRole('link', { name: 'Flows', exact: true }).click();
      await p.waitForURL('**/flows');
      await p.locator('.verdict-strip').first().waitFor();
      await p.waitForLoadState('networkidle');
      for (const flow of Object.values(history.flows)) {
        const row = p.locator('tbody tr', { has: p.getByRole('link', { name: flow, exact: true }) });
        const ofFlow = Object.values(history.builds).filter((b) => b.flow === flow);
        const good = ofFlow.filter((b) => b.compliant).length;
        assert.ok((await row.innerText()).includes(`${good} of ${ofFlow.length} compliant`));
      }
      await screenshot(p, 'flows');
    });
  });

  test('the artifact, trail and flows pages each ask the API a fixed set of questions, none per row', async () => {
    const { history } = ui;
    const v2 = history.builds.apiV2;
    const org = `/api/v1/orgs/${history.org}`;
    assert.ok((await attestationsOf(v2)).length > 1, 'the trail shows several attestations');
    /** The API requests that opening `path` makes, sorted (some go out together, in any order). */
    const requestsOf = async (p: Page, path: string, ready: string) => {
      const asked = recordApiRequests(p);
      await p.goto(`${history.url}${path}`);
      await p.locator(ready).first().waitFor();
      await p.waitForLoadState('networkidle');
      return [...asked()].sort();
    };
    await page(async (p) => {
      await signInAsAudrey(p);
      await p.waitForLoadState('networkidle');
      // Who recorded each attestation comes with it: no request per attestation for its ledger entry.
      const trail = await requestsOf(p, `/flows/${v2.flow}/trails/${v2.trail}`, 'tr[data-attestation]');
      assert.match(
        await p.locator('tr[data-attestation="unit-tests"]').innerText(),
        /by service account github-actions/,
      );
      assert.deepEqual(trail, [`GET ${org}/flows/${v2.flow}/trails/${v2.trail}`, 'GET /api/v1/session']);
      // Each report comes with its trail and attestations: no request per trail or attestation.
      const artifact = await requestsOf(p, `/artifacts/${v2.fingerprint}`, 'tr[data-attestation]');
      assert.match(
        await p.locator('tr[data-attestation="unit-tests"]').innerText(),
        /by service account github-actions/,
      );
      assert.deepEqual(artifact, [
        `GET ${org}/approvals?fingerprint=${v2.fingerprint}`,
        `GET ${org}/artifacts/${v2.fingerprint}`,
        `GET ${org}/artifacts/${v2.fingerprint}/runs`,
        `GET ${org}/environments`,
        'GET /api/v1/session',
      ]);
      // Every flow's trails are summed up in the flows list itself: no request per flow.
      const flows = await requestsOf(p, '/flows', '.verdict-strip');
      assert.ok(Object.values(history.flows).length > 1, 'several flows are listed');
      assert.deepEqual(flows, [`GET ${org}/flows`, 'GET /api/v1/session']);
    });
  });

  test("the rogue artifact's page says it has no provenance and ran in prod unauthorised", async () => {
    const { history } = ui;
    const { rogue } = history;
    const [expected] = periods(history.snapshots.prod, rogue.fingerprint);
    const until = expected?.until;
    assert.ok(expected !== undefined && typeof until === 'string');
    await page(async (p) => {
      await signInAsAudrey(p);
      await searchFor(p, rogue.fingerprint.slice(0, 7));
      const hit = p.getByRole('link', { name: rogue.name, exact: true });
      await hit.waitFor();
      assert.match(await p.locator('main').innerText(), /No provenance/);
      await hit.click();
      await p.waitForURL(`**/artifacts/${rogue.fingerprint}`);
      const alert = p.locator('.verdict-box');
      await alert.waitFor();
      const said = await alert.innerText();
      assert.match(said, /No provenance/);
      assert.match(said, /No pipeline ever reported this fingerprint/);
      assert.match(said, /It ran unauthorised in prod/);
      assert.ok(said.includes(zurichTime(expected.from)) && said.includes(zurichTime(until)));
      const run = p.locator('.run-group[data-environment="prod"] tbody tr');
      assert.equal(await run.count(), 1);
      assert.match(await run.innerText(), /Unauthorised/);
      assert.deepEqual(
        await attributes(run.locator('time'), 'datetime'),
        [expected.from, until].map((t) => new Date(t).toISOString()),
      );
      assert.match(await p.locator('#step-commit').locator('..').innerText(), /no commit is on record/);
      assert.equal(await assertTablesFit(p, 'rogue artifact'), 1);
      await screenshot(p, 'artifact-rogue');
    });
  });

  test('an audit package downloads from the artifact, trail and environment pages (issue #8)', async () => {
    const { history } = ui;
    const v2 = history.builds.apiV2;
    const base = `/api/v1/orgs/${history.org}/audit-package`;
    const link = (p: Page) => p.getByRole('link', { name: /^Download audit package/ });
    await page(async (p) => {
      // The trail page: the package of the trail.
      await signInAsAudrey(p, `/flows/${v2.flow}/trails/${v2.trail}`);
      await link(p).waitFor();
      assert.equal(
        await link(p).getAttribute('href'),
        `${base}?${new URLSearchParams({ flow: v2.flow, trail: v2.trail }).toString()}`,
      );
      // An environment: the 7 days up to the moment shown — now, or the instant chosen with "as of".
      await p.goto(`${history.url}/environments/prod`);
      await link(p).waitFor();
      assert.match(await link(p).innerText(), /Download audit package · last 7 days/);
      const now = new URL(`${history.url}${(await link(p).getAttribute('href')) ?? ''}`);
      assert.equal(now.pathname, base);
      assert.equal(now.searchParams.get('environment'), 'prod');
      const until = Date.parse(now.searchParams.get('until') ?? '');
      assert.ok(until >= Date.parse(history.now) - 1000 && until <= Date.parse(history.now) + 120_000);
      assert.equal(Date.parse(now.searchParams.get('from') ?? ''), until - 7 * 24 * 3600_000);
      await p.goto(`${history.url}/environments/prod?at=${history.question.at}`);
      await link(p).waitFor();
      assert.equal(
        await link(p).getAttribute('href'),
        `${base}?${new URLSearchParams({ environment: 'prod', from: '2026-11-12T02:30:00Z', until: '2026-11-19T02:30:00Z' }).toString()}`,
      );
      assert.match(await link(p).innerText(), /· 7 days to /);

      // The artifact page: a real download of the package, named by the server.
      await p.goto(`${history.url}/artifacts/${v2.fingerprint}`);
      await link(p).waitFor();
      assert.equal(await link(p).getAttribute('href'), `${base}?artifact=${v2.fingerprint}`);
      assert.equal(await link(p).getAttribute('download'), '');
      const [download] = await Promise.all([p.waitForEvent('download'), link(p).click()]);
      assert.match(download.suggestedFilename(), /^evident-audit-.*\.tar\.gz$/);
      const saved = readFileSync(await download.path());
      assert.deepEqual([...saved.subarray(0, 2)], [0x1f, 0x8b], 'a gzip file');
      const tar = gunzipSync(saved).toString('latin1');
      for (const file of ['manifest.json', 'checkpoint', 'report.json', 'report.html'])
        assert.ok(tar.includes(file), file);
      assert.ok(tar.includes('evident verify package FILE --vkey KEY'), 'the report says how to verify it');
      // Still on the artifact page: a download is no navigation.
      assert.equal(new URL(p.url()).pathname, `/artifacts/${v2.fingerprint}`);
    });
  });

  test('search says what to do with too short a question and with no results', async () => {
    await page(async (p) => {
      await signInAsAudrey(p, '/search?q=a');
      const refusal = p.getByRole('alert');
      await refusal.waitFor();
      assert.match(await refusal.innerText(), /at least 2 characters/);
      await searchFor(p, 'no-such-thing-anywhere');
      const empty = p.locator('.empty');
      await empty.waitFor();
      const text = await empty.innerText();
      assert.match(text, /Nothing matches/);
      assert.match(text, /at least 5 hex digits/);
      assert.equal(await p.getByLabel('Fingerprint, commit or name').inputValue(), 'no-such-thing-anywhere');
    });
  });

  test('a flow or a trail that does not exist says so, with where to go next', async () => {
    const { history } = ui;
    await page(async (p, watched) => {
      watched.problems.allow(
        /status of 404 \(Not Found\) @ \S*\/api\/v1\/orgs\/acme\/flows\/(nothing|payments-api\/trails\/build-9999)$/,
      );
      await signInAsAudrey(p, '/flows/nothing');
      const flow = p.locator('.empty');
      await flow.waitFor();
      assert.match(await flow.innerText(), /^There is no flow “nothing” in acme\./);
      assert.equal(await flow.getByRole('link', { name: 'Flows' }).getAttribute('href'), '/flows');
      assert.equal(
        await flow.getByRole('link', { name: 'search for “nothing”' }).getAttribute('href'),
        '/search?q=nothing',
      );
      await p.goto(`${history.url}/flows/${history.flows.payments}/trails/build-9999`);
      const trail = p.locator('.empty');
      await trail.waitFor();
      assert.match(await trail.innerText(), /^There is no trail “build-9999” in flow “payments-api”\./);
      assert.equal(
        await trail.getByRole('link', { name: 'flow payments-api' }).getAttribute('href'),
        '/flows/payments-api',
      );
      assert.equal(await p.locator('.error-box').count(), 0);
    });
  });

  // Last, since it records one more trail: the seeded week has no build that lacks an attestation.
  test('a trail that lacks a required attestation says which one is missing', async () => {
    const { history } = ui;
    const ci = httpApi(history.url, history.tokens.ci);
    const flow = `/api/v1/orgs/${history.org}/flows/${history.flows.payments}`;
    const fingerprint = sha256(new TextEncoder().encode('payments api 2.2.0 build-1045'));
    const tests = readFileSync(new URL('junit/pytest-large-passing.xml', SAMPLES_URL));
    ui.server.clock.set('2026-11-22T13:00:00Z');
    await ci.put(`${flow}/trails/build-1045`, { commit: { sha: 'a'.repeat(40), message: 'Untested scan' } });
    await ci.post(`${flow}/trails/build-1045/artifacts`, { fingerprint, name: 'api' });
    await ci.putBytes(`/api/v1/orgs/${history.org}/evidence/${sha256(tests)}`, tests, 'application/xml');
    await ci.post(`${flow}/trails/build-1045/attestations`, {
      name: 'unit-tests',
      type: 'junit',
      artifact: { fingerprint },
      evidence: [{ sha256: sha256(tests), name: 'pytest-large-passing.xml' }],
    });
    await page(async (p) => {
      await signInAsAudrey(p, `/flows/${history.flows.payments}/trails/build-1045`);
      const why = p.locator('.verdict-box');
      await why.waitFor();
      assert.match(await why.innerText(), /dependency-scan missing \(artifact api\)/);
      const missing = p.locator('tr', { hasText: 'No attestation of this name was recorded.' });
      assert.match(await missing.innerText(), /dependency-scan/);
      assert.equal(await missing.locator('[data-verdict]').getAttribute('data-verdict'), 'missing');
    });
  });

  // After the one above, since it records one more build: a trail named by its commit's SHA, as many
  // pipelines name them, whose tests failed (long reasons), with a long file name and repository, and
  // whose request for prod supersedes the one still pending for 2.1.0.
  test('a trail named by a 40-hex SHA, with long reasons, fits every table; the request it supersedes says so', async () => {
    const { history } = ui;
    const org = `/api/v1/orgs/${history.org}`;
    const ci = httpApi(history.url, history.tokens.ci);
    const flow = `${org}/flows/${history.flows.payments}`;
    const commit = sha256(new TextEncoder().encode('Retry refused payouts')).slice(0, 40);
    const fingerprint = sha256(new TextEncoder().encode('payments api 2.2.0-rc.1'));
    const failing = readFileSync(new URL('junit/pytest-failures-skips-xfail.xml', SAMPLES_URL));
    ui.server.clock.set('2026-11-22T13:30:00Z');
    await ci.put(`${flow}/trails/${commit}`, {
      commit: {
        sha: commit,
        message: 'Retry payouts that the bank refused with a temporary error, at most three times a day',
        branch: 'feature/payout-retries-for-temporary-bank-errors-and-timeouts',
      },
    });
    await ci.post(`${flow}/trails/${commit}/artifacts`, {
      fingerprint,
      name: 'api',
      filename: 'payments-api-2.2.0-rc.1+build.20261122.133000.linux-amd64.oci-image-layout.tar',
      repository: 'https://git.acme.example/payments/payments-api-service-with-a-long-repository-name',
    });
    await ci.putBytes(`${org}/evidence/${sha256(failing)}`, failing, 'application/xml');
    await ci.post(`${flow}/trails/${commit}/attestations`, {
      name: 'unit-tests',
      type: 'junit',
      artifact: { fingerprint },
      evidence: [{ sha256: sha256(failing), name: 'pytest-failures-skips-xfail.xml' }],
    });
    await ci.post(`${org}/approvals`, {
      environment: 'prod',
      fingerprint,
      comment: 'payments-api 2.2.0: payout retries, CHG-2070',
    });
    await page(async (p) => {
      await signInAsAudrey(p, `/flows/${history.flows.payments}`);
      const row = p.locator(`tr[data-trail="${commit}"]`);
      await row.waitFor();
      // The SHA reads short, like every SHA, and whole on hover and for screen readers.
      const link = row.getByRole('link', { name: commit });
      assert.equal(await link.innerText(), commit.slice(0, 12));
      assert.match(await row.innerText(), /Non-compliant/);
      assert.equal(await assertTablesFit(p, 'flow with a SHA-named trail'), 1);
      await screenshot(p, 'flow-sha-trail');
      await link.click();
      await p.locator('.verdict-box').waitFor();
      assert.equal(await assertTablesFit(p, 'SHA-named trail'), 3);
      await p.goto(`${history.url}/artifacts/${fingerprint}`);
      await p.locator('.story').waitFor();
      assert.match(await p.locator('#step-build').locator('..').innerText(), /not compliant/);
      assert.equal(await assertTablesFit(p, 'artifact of a SHA-named trail'), 2);
      await screenshot(p, 'artifact-sha-trail');

      // 2.1.0's request was superseded by this one: its page says so, in the words of its tag.
      await p.goto(`${history.url}/artifacts/${history.builds.apiV3.fingerprint}`);
      const strip = p.locator('.summary-strip');
      await strip.waitFor();
      assert.match(await strip.innerText(), /Approvals\s+1 superseded\n/);
      assert.match(
        await p.locator('.artifact-approvals').innerText(),
        new RegExp(`^–\\s+Superseded\\s+Request ${history.approvals.apiV3Pending.id}\\b`),
      );
    });
  });
});
