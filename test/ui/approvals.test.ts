// Issue #7 "Approvals inbox" and "Ledger", in real Chromium against a real server with the seeded
// week: a reader sees the pending request without controls, and the server refuses the reader's
// decision too; an approver approves through the form, the request shows approved here and on the
// artifact page, and a second decision of hers (from a tab opened before) is refused with the
// server's own sentence; the ledger grew by the decision, shows its checkpoint and verifier key, and
// an auditor's "Verify now" answers OK while a reader has no such button. The tests build on each
// other in order (node:test runs a file's tests one after the other).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, skipUnlessChromium, withPage } from '../support/browser.ts';
import { httpApi } from '../support/httpApi.ts';
import { uiFixture } from '../support/uiFixture.ts';
import { signIn } from '../support/uiSignIn.ts';

const skip = skipUnlessChromium();

interface ApprovalView {
  status: string;
  decisions: { index: number; by: string; decision: string; comment: string | null }[];
}

describe('the approvals inbox and the ledger page', { skip }, () => {
  const ui = uiFixture({ seed: true, browser: true, skip });
  /** The browser's clock reads the seeded "now" (Sunday noon), like the server's. */
  const page = <T>(body: Parameters<typeof withPage<T>>[2]) =>
    withPage(ui.browser, ui.history.url, body, { now: ui.history.now });
  const as = (p: Page, who: 'reader' | 'approver' | 'auditor', path: string) =>
    signIn(p, ui.history.url, { org: ui.history.org, ...ui.history.users[who] }, path);
  const approvalPath = (id: number) => `/api/v1/orgs/acme/approvals/${id}`;
  const approval = (id: number) =>
    httpApi(ui.history.url, ui.history.tokens.admin).get<ApprovalView>(approvalPath(id));
  const APPROVAL_COMMENT = 'CHG-2060 reviewed: payout batching tested in staging, rollback plan attached';
  /** The ledger size the page showed before the approval. */
  let sizeBefore = 0;

  test('a reader sees the pending request with its change, but no controls, and the server refuses her', async () => {
    const { history } = ui;
    const pending = history.approvals.apiV3Pending;
    await page(async (p, watched) => {
      await as(p, 'reader', '/ledger');
      sizeBefore = Number((await p.getByTestId('ledger-size').innerText()).replace(/\D/g, ''));
      assert.ok(sizeBefore > 0);
      assert.equal(
        await p.getByRole('button', { name: 'Verify now' }).count(),
        0,
        'a reader has no Verify button',
      );

      await p.getByRole('link', { name: 'Approvals' }).click();
      const card = p.locator(`#approval-${pending.id}`);
      await card.waitFor();
      const text = await card.innerText();
      for (const expected of [
        'api',
        'prod',
        'Pending',
        '1 more needed',
        'payments-api / build-1044',
        'Batch payouts per merchant',
        'Priya Nair',
        'github-actions (service account)',
        'payments-api 2.1.0: payout batching, CHG-2060',
        history.builds.apiV2.fingerprint.slice(0, 12),
      ])
        assert.ok(text.includes(expected), `the pending request shows "${expected}":\n${text}`);
      // Expiry and request time in the viewer's zone (Zurich), the UTC instant on hover.
      assert.match(text, /21 Nov 2026, 11:00:00 CET/);
      assert.equal(
        await card.getByRole('link', { name: history.builds.apiV3.fingerprint }).getAttribute('href'),
        `/artifacts/${history.builds.apiV3.fingerprint}`,
      );
      assert.equal(await p.getByRole('button', { name: /^(Approve|Reject)/ }).count(), 0);
      assert.equal(await p.getByRole('textbox', { name: 'Your comment' }).count(), 0);
      assert.match(
        await p.getByTestId('role-notice').first().innerText(),
        /reader role: you can read every request, but only a person with the approver role can approve/,
      );
      // Decided ones and the break-glass are listed too.
      assert.match(
        await p.locator(`#approval-${history.approvals.webV2Rejected.id}`).innerText(),
        /Rejected by bob/,
      );
      assert.match(
        await p.locator(`#approval-${history.approvals.webHotfixBreakGlass.id}`).innerText(),
        /INC-4411: checkout blank for Safari users/,
      );
      await screenshot(p, 'approvals-reader');

      // The same decision straight to the API, with her session cookie and its CSRF value: refused.
      watched.problems.allow(/status of 403/);
      const refused = await p.evaluate(
        async (path) => {
          const session = (await (await fetch('/api/v1/session')).json()) as { csrf: string };
          const response = await fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf },
            body: JSON.stringify({ decision: 'approve', comment: 'looks fine to me' }),
          });
          return {
            status: response.status,
            problem: (await response.json()) as { code: string; detail: string },
          };
        },
        `${approvalPath(pending.id)}/decisions`,
      );
      assert.equal(refused.status, 403);
      assert.equal(refused.problem.code, 'forbidden');
      assert.match(refused.problem.detail, /approver/);
    });
    const after = await approval(pending.id);
    assert.deepEqual([after.status, after.decisions], ['pending', []]);
  });

  test('an approver approves with a comment; a second decision from an older tab is refused, changing nothing', async () => {
    const { history } = ui;
    const pending = history.approvals.apiV3Pending;
    await page(async (p, watched) => {
      await as(p, 'approver', '/approvals');
      // A second tab, opened before the decision: its form is still there.
      const older = await p.context().newPage();
      await older.goto(`${history.url}/approvals`);
      const olderCard = older.locator(`#approval-${pending.id}`);
      await olderCard.getByRole('textbox', { name: 'Your comment' }).waitFor();

      const card = p.locator(`#approval-${pending.id}`);
      await card.getByRole('textbox', { name: 'Your comment' }).waitFor();
      assert.equal(
        await p.getByTestId('role-notice').count(),
        0,
        'an approver is not told she may not decide',
      );
      // Alice broke the glass herself: she may not review it, and is told why.
      assert.match(
        await p.locator(`#approval-${history.approvals.webHotfixBreakGlass.id}`).innerText(),
        /You broke the glass, so someone else has to review it/,
      );
      await screenshot(p, 'approvals-approver');

      // A rejection without a reason is stopped before it is sent.
      await card.getByRole('button', { name: `Reject request ${pending.id}` }).click();
      assert.match(await card.getByRole('alert').innerText(), /A rejection needs a comment saying why/);

      await card.getByRole('textbox', { name: 'Your comment' }).fill(APPROVAL_COMMENT);
      await card.getByRole('button', { name: `Approve request ${pending.id}` }).click();
      const confirmed = p.locator('.notice-good');
      await confirmed.waitFor();
      assert.equal(
        await confirmed.innerText(),
        `✓ You approved request ${pending.id} (api → prod). It is approved (1 of 1).`,
      );
      const row = p.locator(`tr#approval-${pending.id}`);
      await row.waitFor();
      const decided = await row.innerText();
      assert.match(decided, /Approved/);
      assert.match(decided, /Approved by alice, 22 Nov 2026, 13:00:\d\d CET/);
      assert.ok(decided.includes(APPROVAL_COMMENT));
      assert.equal(await p.locator(`li#approval-${pending.id}`).count(), 0, 'no longer waiting');
      await screenshot(p, 'approval-decided');
      const recorded = await approval(pending.id);
      assert.equal(recorded.status, 'approved');
      assert.deepEqual(
        recorded.decisions.map((d) => [d.by, d.decision, d.comment]),
        [['alice', 'approve', APPROVAL_COMMENT]],
      );

      // The older tab still offers the form; the server refuses the second decision and says why.
      watched.problems.allow(/status of 409/);
      await olderCard.getByRole('textbox', { name: 'Your comment' }).fill('Approving once more');
      await olderCard.getByRole('button', { name: `Approve request ${pending.id}` }).click();
      const alert = olderCard.getByRole('alert');
      await alert.waitFor();
      assert.equal(await alert.innerText(), `Not recorded: alice already decided on request ${pending.id}.`);
      assert.equal(
        await olderCard.getByRole('textbox', { name: 'Your comment' }).inputValue(),
        'Approving once more',
      );
      assert.equal((await approval(pending.id)).decisions.length, 1, 'the refusal recorded nothing');

      // The artifact page shows the approval with the rest of the artifact's story.
      await p.goto(`${history.url}/artifacts/${history.builds.apiV3.fingerprint}`);
      const approvals = p.locator('.artifact-approvals');
      await approvals.waitFor();
      const story = await approvals.innerText();
      assert.match(story, /Approved/);
      assert.match(story, /Approved by alice/);
      assert.ok(story.includes(APPROVAL_COMMENT), story);
    });
  });

  test('the ledger grew by the decision, shows its checkpoint and key, and an auditor verifies it', async () => {
    const { history } = ui;
    const [decision] = (await approval(history.approvals.apiV3Pending.id)).decisions;
    assert.ok(decision !== undefined);
    const published = (await (await fetch(`${history.url}/api/v1/log/key`)).text()).trim().split('\n');
    await page(async (p) => {
      await as(p, 'auditor', '/ledger');
      const size = Number((await p.getByTestId('ledger-size').innerText()).replace(/\D/g, ''));
      // The decision's entry came after what the page showed before, and is in what it shows now.
      assert.ok(decision.index >= sizeBefore, `entry ${decision.index} was not yet in ${sizeBefore}`);
      assert.ok(size > decision.index, `the log grew from ${sizeBefore} to ${size}, past ${decision.index}`);
      const note = await p.getByTestId('checkpoint-note').innerText();
      const [origin, noteSize] = note.split('\n');
      assert.equal(origin, 'evident.test/acme');
      assert.equal(Number(noteSize), size);
      assert.match(note, /\n\n— evident\.test /);
      assert.deepEqual(await p.getByTestId('vkey').allInnerTexts(), published);
      assert.equal(
        await p.getByRole('link', { name: 'Download checkpoint' }).getAttribute('href'),
        '/api/v1/orgs/acme/log/checkpoint',
      );
      assert.ok(await p.getByRole('button', { name: /^Copy verifier key 1/ }).isVisible());
      assert.match(await p.getByText('Never verified by this server.').innerText(), /Never verified/);
      await screenshot(p, 'ledger');

      await p.getByRole('button', { name: 'Verify now' }).click();
      const finished = p.locator('.notice-good');
      await finished.waitFor();
      assert.match(
        await finished.innerText(),
        new RegExp(`OK: intact Verification finished: ${size} entries checked, nothing wrong found\\.`),
      );
      const result = p.getByTestId('verification-result');
      await result.waitFor();
      const shown = await result.innerText();
      assert.match(shown, /OK: intact/);
      assert.match(shown, /Asked by\s+audrey/);
      assert.match(shown, new RegExp(`Entries checked\\s+${size}`));
      await screenshot(p, 'ledger-verified');
    });
  });

  // Last, since it records one more exception: a break-glass for the rogue miner, which no pipeline
  // reported. The inbox names it as prod ran it, asking nothing of the build record it has not.
  test('a break-glass for an artifact no pipeline reported is named as the environment ran it', async () => {
    const { history } = ui;
    const { rogue } = history;
    // Only a person breaks the glass: Erin, the admin, with a session of her own.
    const erin = history.users.admin;
    const signedIn = await fetch(`${history.url}/api/v1/orgs/${history.org}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: erin.username, password: erin.password }),
    });
    const { token } = (await signedIn.json()) as { token: { secret: string } };
    const { approval: exception } = await httpApi(history.url, token.secret).post<{
      approval: { id: number };
    }>(`/api/v1/orgs/${history.org}/break-glass`, {
      environment: 'prod',
      fingerprint: rogue.fingerprint,
      reason: 'INC-4420: keep the miner running for the forensic image',
    });
    await page(async (p) => {
      const asked: string[] = [];
      p.on('request', (request) => asked.push(new URL(request.url()).pathname));
      await as(p, 'reader', '/approvals');
      const card = p.locator(`#approval-${exception.id}`);
      await card.waitFor();
      assert.equal(
        (await card.locator('h3').innerText()).replace(/\s+/g, ' '),
        `${rogue.name} → into prod · exception ${exception.id}`,
      );
      assert.match(await card.innerText(), /No pipeline reported this artifact\./);
      assert.ok(!asked.includes(`/api/v1/orgs/acme/artifacts/${rogue.fingerprint}`), 'no 404 asked for');
    });
  });
});
