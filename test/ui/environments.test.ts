// Issue #7, the first question of DESIGN: "what was running in prod at 02:30 last Thursday, and how did
// it get there?" — answered in real Chromium (a viewer in Zurich) against a real server with the
// seeded week, signed in as Rita, the compliance officer (role reader): the overview with every
// environment's verdict, prod now, prod as of Thu 19 Nov 2026 02:30 UTC entered as local time with the
// rogue miner flagged, the change log with its start and stop, a diff of Wednesday and Friday, and
// the picker and views used from the keyboard.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { at } from '../support/auditHistory.ts';
import {
  recordApiRequests,
  screenshot,
  skipUnlessChromium,
  TIMEZONE,
  waitUntil,
  withPage,
} from '../support/browser.ts';
import { httpApi } from '../support/httpApi.ts';
import { uiFixture } from '../support/uiFixture.ts';
import { signInQuickly } from '../support/uiSignIn.ts';
import { assertTablesFit } from '../support/tablesFit.ts';

const skip = skipUnlessChromium();

/** An instant as a viewer in the browser's time zone types it into a datetime-local field. */
const localInput = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(iso))
    .replace(' ', 'T');

/** The rows of a table whose rows name their artifact: name → the row's text. */
async function rowsByArtifact(page: Page, table: string): Promise<Map<string, string>> {
  const rows = page.locator(`table.${table} tbody tr`);
  const found = new Map<string, string>();
  for (const row of await rows.all())
    found.set((await row.getAttribute('data-artifact')) ?? '', await row.innerText());
  return found;
}

describe('environments in the web UI', { skip }, () => {
  const ui = uiFixture({ seed: true, browser: true, skip });
  const page = <T>(body: Parameters<typeof withPage<T>>[2]) =>
    withPage(ui.browser, ui.history.url, body, { now: ui.history.now });
  const signInAsRita = (p: Page, path = '/') => {
    const { org, users } = ui.history;
    return signInQuickly(
      p,
      ui.history.url,
      { org, username: users.reader.username, password: users.reader.password },
      path,
    );
  };

  test('the overview shows every environment with its verdict, recent changes and what waits', async () => {
    const { history } = ui;
    await page(async (p) => {
      await signInAsRita(p);
      const rows = p.locator('table.environments-table tbody tr');
      await rows.first().waitFor();
      const environments: string[] = [];
      for (const row of await rows.all())
        environments.push((await row.getAttribute('data-environment')) ?? '');
      assert.deepEqual(environments, [history.environments.prod, history.environments.staging]);
      for (const name of environments) {
        const row = p.locator(`tr[data-environment="${name}"]`);
        assert.equal(await row.locator('[data-verdict]').getAttribute('data-verdict'), 'compliant');
        const text = await row.innerText();
        assert.match(text, /Compliant/);
        assert.match(text, /2 artifacts/);
        assert.match(text, /#\d+ · /);
      }
      assert.match(
        await p.locator('tr[data-environment="prod"]').innerText(),
        /#6 · 20 Nov 2026, 19:00:00 CET/,
      );
      // The recent changes across environments include the rogue start, flagged, linked to its page.
      const rogueStart = p.locator('table.change-table tbody tr', { hasText: 'Unauthorised' });
      assert.equal(await rogueStart.count(), 1);
      const text = await rogueStart.innerText();
      assert.match(text, new RegExp(history.rogue.name.replaceAll('.', '\\.')));
      assert.match(text, /Started/);
      assert.match(text, /prod/);
      assert.equal(
        await rogueStart.getByRole('link', { name: history.rogue.fingerprint }).getAttribute('href'),
        `/artifacts/${history.rogue.fingerprint}`,
      );
      // What waits: the pending request for payments-api 2.1.0 and Friday's break-glass, both counted,
      // with the way to the inbox; the ledger's size.
      const waiting = p.locator('section.quick-link', { hasText: 'Waiting for people' });
      assert.match(await waiting.getByTestId('pending-requests').innerText(), /^1\s+request pending$/);
      assert.match(
        await waiting.getByTestId('unreviewed-exceptions').innerText(),
        /^1\s+break-glass exception awaiting review$/,
      );
      assert.equal(
        await waiting.getByRole('link', { name: 'Review them in the approvals inbox' }).getAttribute('href'),
        '/approvals',
      );
      // The week has more than twelve changes: the list says it shows only the newest.
      assert.match(await p.locator('main').innerText(), /The newest 12 changes/);
      const ledger = p.locator('section.quick-link', { hasText: 'Ledger' });
      assert.match(await ledger.locator('.stat').innerText(), /^\d[\d,]* entries$/);
      assert.equal(await assertTablesFit(p, 'overview'), 2);
      await screenshot(p, 'home');
    });
  });

  test('prod now, then at 02:30 last Thursday: the rogue miner, unauthorised and non-compliant', async () => {
    const { history } = ui;
    const { apiV2, webV1, webHotfix } = history.builds;
    const { rogue } = history;
    await page(async (p) => {
      await signInAsRita(p);
      // First click: the environment.
      await p.locator('tr[data-environment="prod"]').getByRole('link', { name: 'prod' }).click();
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();
      assert.equal(new URL(p.url()).pathname, '/environments/prod');
      assert.equal(await p.getByRole('link', { name: 'Running' }).getAttribute('aria-current'), 'page');
      const now = await rowsByArtifact(p, 'snapshot-table');
      assert.deepEqual([...now.keys()].sort(), [apiV2.image, webHotfix.image].sort());
      assert.match(now.get(apiV2.image) ?? '', /\b4\b/);
      assert.match(now.get(webHotfix.image) ?? '', /break-glass exception by alice: INC-4411/);
      assert.doesNotMatch([...now.values()].join('\n'), /Unauthorised/);
      assert.match(await p.locator('.snapshot-facts').innerText(), /until now \(the latest snapshot\)/);
      assert.equal(await assertTablesFit(p, 'prod now'), 1);
      await screenshot(p, 'environment-now');

      // The question in the viewer's own time: 02:30 UTC is 03:30 in Zurich.
      const asked = history.question.at;
      assert.equal(localInput(asked), history.question.atZurich);
      const requested = recordApiRequests(p);
      await p.getByLabel(/^As of/).fill(history.question.atZurich);
      await p.getByRole('button', { name: 'Show' }).click();
      await p.getByRole('heading', { name: /^Snapshot #4/ }).waitFor();
      await p.waitForLoadState('networkidle');
      // The snapshot answers it, how long it ran and how each artifact arrived included; the list
      // of environments gives "#4 of 6". No change-log reads, no request for the next snapshot.
      assert.deepEqual([...requested()].sort(), [
        `GET /api/v1/orgs/${history.org}/environments`,
        `GET /api/v1/orgs/${history.org}/environments/prod/snapshot?at=${encodeURIComponent(asked)}`,
      ]);
      assert.equal(new URL(p.url()).searchParams.get('at'), asked);
      const notice = await p.getByRole('note', { name: 'Historical view' }).innerText();
      assert.match(notice, /Historical view/);
      assert.match(notice, /Thursday,? 19 November 2026 at 03:30:00 CET/);
      assert.match(notice, /2026-11-19T02:30:00Z UTC/);
      const facts = await p.locator('.snapshot-facts').innerText();
      assert.match(facts, /Verdict then\s+✗\s+Non-compliant/);
      assert.match(facts, /from 19 Nov 2026, 02:00:00 CET until 19 Nov 2026, 05:00:00 CET/);
      assert.match(facts, /3 artifacts, 7 instances; 1 non-compliant; 1 unauthorised/);

      const then = await rowsByArtifact(p, 'snapshot-table');
      assert.deepEqual([...then.keys()].sort(), history.question.answer.artifacts.map((a) => a.name).sort());
      assert.deepEqual([...then.keys()].sort(), [apiV2.image, webV1.image, rogue.name].sort());
      const miner = then.get(rogue.name) ?? '';
      assert.match(miner, /Unauthorised/);
      assert.match(miner, /Non-compliant/);
      assert.match(miner, /policy prod-rules: no provenance: no pipeline reported this fingerprint/);
      assert.match(miner, /No provenance/);
      for (const build of [apiV2, webV1]) {
        const row = then.get(build.image) ?? '';
        assert.match(row, /Compliant/);
        assert.doesNotMatch(row, /Unauthorised|Non-compliant/);
        assert.match(row, new RegExp(`${build.flow} / ${build.trail}`));
      }
      assert.equal(await assertTablesFit(p, 'prod as of Thursday'), 1);
      await screenshot(p, 'environment-as-of');

      // Second click: how v2 got there — its artifact page (commit, build, attestations, approvals).
      await p
        .locator(`table.snapshot-table tr[data-artifact="${apiV2.image}"]`)
        .getByRole('link', { name: apiV2.fingerprint })
        .click();
      await p.waitForURL(`**/artifacts/${apiV2.fingerprint}`);
      // Back again: the historical view comes back from its address, the picker refilled.
      await p.goBack();
      await p.getByRole('heading', { name: /^Snapshot #4/ }).waitFor();
      assert.equal(await p.getByLabel(/^As of/).inputValue(), history.question.atZurich);

      // "Now" leaves the past.
      await p.getByRole('button', { name: 'Now' }).click();
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();
      assert.equal(new URL(p.url()).search, '');
      assert.equal(await p.getByRole('note', { name: 'Historical view' }).count(), 0);
    });
  });

  test('the change log shows the rogue start, flagged, and its stop', async () => {
    const { history } = ui;
    await page(async (p) => {
      await signInAsRita(p, '/environments/prod');
      await p.getByRole('link', { name: 'Change log' }).click();
      const rows = p.locator('table.change-table tbody tr');
      await rows.first().waitFor();
      assert.equal(new URL(p.url()).searchParams.get('tab'), 'changes');
      const lines = await rows.allInnerTexts();
      // Every change of prod's six snapshots, newest first.
      assert.equal(lines.length, 9);
      assert.match(lines[0] ?? '', /20 Nov 2026, 19:00:00 CET/);
      const rogue = lines.filter((l) => l.includes(history.rogue.name));
      assert.equal(rogue.length, 2);
      const [stopped, started] = rogue;
      assert.match(stopped ?? '', /19 Nov 2026, 05:00:00 CET\s+snapshot #5\s+− Stopped\s+1 instance/);
      assert.doesNotMatch(stopped ?? '', /Unauthorised/);
      assert.match(
        started ?? '',
        /19 Nov 2026, 02:00:00 CET\s+snapshot #4\s+\+ Started\s+1 instance\s+⚠\s+Unauthorised/,
      );
      assert.match(started ?? '', /Non-compliant/);
      assert.match(started ?? '', /no provenance/);
      assert.equal(lines.filter((l) => l.includes('Unauthorised')).length, 1);
      assert.ok(lines.some((l) => /↕ Scaled\s+2 → 4 instances/.test(l)));
      assert.equal(await assertTablesFit(p, 'change log'), 1);
      await screenshot(p, 'environment-changes');
    });
  });

  test('a diff of Wednesday and Friday: the front end replaced by the hotfix, the API scaled up', async () => {
    const { history } = ui;
    const { apiV2, webV1, webHotfix } = history.builds;
    await page(async (p) => {
      await signInAsRita(p, '/environments/prod');
      await p.getByRole('link', { name: 'Compare', exact: true }).click();
      const from = p.getByRole('group', { name: 'From' });
      const to = p.getByRole('group', { name: 'To' });
      // Nothing asked yet: the last change, the snapshot before the latest against the latest, as the
      // empty fields say.
      await p.getByRole('heading', { name: 'Differences' }).waitFor();
      assert.match(await p.locator('.diff-sides').innerText(), /From prod #5,[^]*To prod #6,/);
      assert.equal(
        await from.getByLabel('or snapshot number').getAttribute('placeholder'),
        'before the latest',
      );
      assert.equal(await to.getByLabel('or snapshot number').getAttribute('placeholder'), 'latest');
      assert.match(
        await p.locator('.compare-form').innerText(),
        /Left empty, From is the snapshot before the latest and To the latest/,
      );
      await from.getByLabel(/^Time/).fill(localInput(at('Wed', '12:00')));
      await to.getByLabel(/^Time/).fill(localInput(at('Fri', '20:00')));
      await p.getByRole('button', { name: 'Compare' }).click();
      // The differences asked for replace those of the last change.
      await p.locator('.diff-sides', { hasText: 'From prod #2' }).waitFor();
      const query = new URL(p.url()).searchParams;
      assert.equal(query.get('from'), `prod@{${at('Wed', '12:00')}}`);
      assert.equal(query.get('to'), `prod@{${at('Fri', '20:00')}}`);
      const sides = await p.locator('.diff-sides').innerText();
      assert.match(sides, /From prod #2, in force from 18 Nov 2026, 11:00:00 CET/);
      assert.match(sides, /To prod #6, in force from 20 Nov 2026, 19:00:00 CET/);
      const diff = await rowsByArtifact(p, 'diff-table');
      assert.deepEqual([...diff.keys()].sort(), [apiV2.image, webHotfix.image, webV1.image].sort());
      assert.match(diff.get(webHotfix.image) ?? '', /Added\s+2 instances/);
      assert.match(diff.get(webV1.image) ?? '', /Removed\s+2 instances/);
      assert.match(diff.get(apiV2.image) ?? '', /Scaled\s+2 → 4 instances/);
      assert.equal(await assertTablesFit(p, 'diff'), 1);
      await screenshot(p, 'environment-diff');
      // The form keeps the question, refilled from the address.
      assert.equal(await from.getByLabel(/^Time/).inputValue(), localInput(at('Wed', '12:00')));
    });
  });

  test('the views and the time picker work from the keyboard', async () => {
    const { history } = ui;
    await page(async (p) => {
      await signInAsRita(p, '/environments/prod');
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();
      /** The focused element's id and text, and whether its focus is drawn (an outline). */
      const focused = async () => {
        const element = p.locator(':focus');
        return {
          id: (await element.getAttribute('id')) ?? '',
          text: (await element.innerText()).trim(),
          outline: await p.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle'),
        };
      };
      // "Skip to content" is the first Tab stop, drawn when focused; Enter moves the focus to the page.
      await p.keyboard.press('Tab');
      const skip = await focused();
      assert.equal(skip.text, 'Skip to content');
      assert.notEqual(skip.outline, 'none');
      await p.keyboard.press('Enter');
      await waitUntil(p, "document.activeElement?.id === 'main'");
      assert.equal(new URL(p.url()).pathname, '/environments/prod');
      assert.equal(await p.getByRole('heading', { name: /^Snapshot #6/ }).count(), 1);
      // A move to another page starts at its heading, not on the link followed (gone with its page).
      await p.getByRole('link', { name: 'Overview', exact: true }).focus();
      await p.keyboard.press('Enter');
      await p.waitForURL((url) => url.pathname === '/');
      await waitUntil(p, "document.activeElement?.id === 'page-title'");
      assert.equal((await focused()).text, 'Overview');
      await p.locator('tr[data-environment="prod"]').getByRole('link', { name: 'prod' }).focus();
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();
      await waitUntil(p, "document.activeElement?.id === 'page-title'");
      assert.equal((await focused()).text, 'prod');
      // A new view of the same page keeps the focus on what was used (below: the views' links).
      // The views are links in the tab order, with a visible focus; Enter opens one.
      await p.getByRole('link', { name: 'Running' }).focus();
      await p.keyboard.press('Tab');
      const changeLog = await focused();
      assert.equal(changeLog.text, 'Change log');
      assert.notEqual(changeLog.outline, 'none');
      await p.keyboard.press('Enter');
      await p.locator('table.change-table').waitFor();
      assert.equal(new URL(p.url()).searchParams.get('tab'), 'changes');
      await p.keyboard.press('Shift+Tab');
      assert.equal((await focused()).text, 'Running');
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();

      // After the last view comes the time picker; typed in, Enter shows that moment.
      await p.getByRole('link', { name: 'Policies' }).focus();
      await p.keyboard.press('Tab');
      const picker = await focused();
      assert.equal(picker.id, 'as-of');
      assert.notEqual(picker.outline, 'none');
      await p.getByLabel(/^As of/).fill(history.question.atZurich);
      await p.keyboard.press('ArrowUp'); // one step up in the part of the field that has the focus
      const typed = await p.getByLabel(/^As of/).inputValue();
      assert.notEqual(typed, history.question.atZurich);
      await p.keyboard.press('Enter');
      await p.getByRole('note', { name: 'Historical view' }).waitFor();
      const instant = new URL(p.url()).searchParams.get('at') ?? '';
      assert.equal(localInput(instant), typed.slice(0, 16));
      // Whatever the field's first part is, the page shows the snapshot in force then.
      const expected = history.snapshots.prod.filter((s) => s.at <= instant).at(-1);
      assert.ok(expected !== undefined);
      await p.getByRole('heading', { name: new RegExp(`^Snapshot #${expected.number}\\b`) }).waitFor();
    });
  });

  test('an address with no time in it, or of no environment, says so and where to go next', async () => {
    const { history } = ui;
    await page(async (p, watched) => {
      const snapshots: string[] = [];
      p.on('request', (request) => {
        if (request.url().includes('/snapshot')) snapshots.push(request.url());
      });
      await signInAsRita(p, '/environments/prod?at=garbage');
      const alert = p.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), '“garbage” is not a date and time; pick one above, or Now.');
      assert.equal(await p.getByRole('note', { name: 'Historical view' }).count(), 0);
      assert.deepEqual(snapshots, [], 'no question is sent to the API');
      await p.getByRole('button', { name: 'Now' }).click();
      await p.getByRole('heading', { name: /^Snapshot #6/ }).waitFor();

      watched.problems.allow(
        /status of 404 \(Not Found\) @ \S*\/api\/v1\/orgs\/acme\/environments\/nowhere$/,
      );
      await p.goto(`${history.url}/environments/nowhere`);
      const empty = p.locator('.empty');
      await empty.waitFor();
      assert.match(await empty.innerText(), /^There is no environment “nowhere” in acme\./);
      assert.equal(await empty.getByRole('link', { name: 'overview' }).getAttribute('href'), '/');
      assert.equal(
        await empty.getByRole('link', { name: 'search for “nowhere”' }).getAttribute('href'),
        '/search?q=nowhere',
      );
      assert.equal(await p.locator('.error-box').count(), 0);
      await screenshot(p, 'environment-unknown');
    });
  });

  // Last, since it adds an environment to the week: one with no policy, running the build whose tests
  // failed. There only provenance is judged, so the server's "Compliant" stands, said to be only that.
  test('an environment that follows no policy says so beside every verdict of it', async () => {
    const { history } = ui;
    const broken = history.builds.apiBroken;
    const org = `/api/v1/orgs/${history.org}`;
    await httpApi(history.url, history.tokens.admin).put(`${org}/environments/sandbox`, {
      type: 'docker',
      description: 'Developers’ sandbox',
    });
    await httpApi(history.url, history.tokens.reporter).put(`${org}/environments/sandbox/snapshot`, {
      artifacts: [{ name: broken.image, fingerprint: broken.fingerprint, instances: 1 }],
    });
    const explained = /only provenance is checked here/;
    await page(async (p) => {
      await signInAsRita(p);
      const row = p.locator('tr[data-environment="sandbox"]');
      await row.waitFor();
      assert.equal(await row.locator('[data-verdict]').getAttribute('data-verdict'), 'compliant');
      assert.match(await row.getByTestId('no-policy').innerText(), /No policy/);
      assert.match((await row.getByTestId('no-policy').getAttribute('title')) ?? '', explained);
      assert.match(await row.innerText(), explained);
      for (const name of ['prod', 'staging'])
        assert.equal(await p.locator(`tr[data-environment="${name}"]`).getByTestId('no-policy').count(), 0);
      // Its start in the recent changes carries the tag too.
      const started = p.locator('table.change-table tbody tr', { hasText: broken.image }).first();
      assert.match(await started.innerText(), /sandbox\s+!\s+No policy/);
      assert.equal(await assertTablesFit(p, 'overview with sandbox'), 2);
      await screenshot(p, 'home-no-policy');

      await row.getByRole('link', { name: 'sandbox' }).click();
      const now = p.locator('.now-verdict');
      await now.getByTestId('no-policy').waitFor();
      assert.match(
        await now.innerText(),
        /Now:\s+✓\s+Compliant\s+!\s+No policy\s+only provenance is checked here/,
      );
      await p.getByRole('heading', { name: /^Snapshot #1/ }).waitFor();
      assert.equal(await assertTablesFit(p, 'sandbox'), 1);
      await screenshot(p, 'environment-no-policy');

      // The artifact's own build is not compliant; where it ran, the verdict is said to judge provenance only.
      await p.goto(`${history.url}/artifacts/${broken.fingerprint}`);
      const group = p.locator('.run-group[data-environment="sandbox"]');
      await group.waitFor();
      assert.match(await p.locator('.summary-strip').innerText(), /Build compliance\s+✗\s+Non-compliant/);
      assert.match(await group.locator('h3').innerText(), /No policy\s+only provenance is checked here/);
      assert.match(await group.locator('tbody').innerText(), /Compliant/);
    });
  });
});
