// Issue #7 "Sign-in", in real Chromium against a real server with the seeded week: a person signs in
// with a password and sees the overview; a wrong password shows why and makes no session; signing
// out returns to the form and the old cookie stops working; an API token signs in too; the session
// cookie is out of the page scripts' reach; an address opened directly works after sign-in.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { screenshot, scriptCookies, skipUnlessChromium, withPage } from '../support/browser.ts';
import { signInButton, signOutButton, submitPassword, submitToken } from '../support/uiSignIn.ts';
import { uiFixture } from '../support/uiFixture.ts';

const skip = skipUnlessChromium();

describe('signing in to the web UI', { skip }, () => {
  const ui = uiFixture({ seed: true, browser: true, skip });
  /** The browser's clock reads the seeded "now" (Sunday noon), like the server's. */
  const page = <T>(body: Parameters<typeof withPage<T>>[2]) =>
    withPage(ui.browser, ui.history.url, body, { now: ui.history.now });
  /** GET /api/v1/session with a cookie, as a browser would send it. */
  const sessionWith = (cookie: string) =>
    fetch(`${ui.history.url}/api/v1/session`, { headers: { cookie } }).then((r) => r.status);

  test('with a password: the overview, with an HttpOnly session cookie', async () => {
    const { history } = ui;
    const rita = history.users.reader;
    await page(async (p) => {
      // Signed out, the UI learns so from a 204: no 401, so no console error (withPage fails on one).
      const probe = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/session');
      await p.goto(history.url);
      assert.equal((await probe).status(), 204);
      await signInButton(p).waitFor();
      await screenshot(p, 'sign-in');
      await submitPassword(p, { org: history.org, ...rita });
      await signOutButton(p).waitFor();
      assert.equal(await p.getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page');
      await p.locator('#page-title').waitFor();
      const who = await p.locator('header .who').innerText();
      assert.match(who, /rita/);
      assert.match(who, /acme/);
      assert.match(who, /reader/i);
      await p.waitForLoadState('networkidle');
      await screenshot(p, 'overview');

      const cookies = await p.context().cookies();
      const session = cookies.find((c) => c.name === 'evident_session');
      assert.ok(session !== undefined && session.value !== '', 'a session cookie is set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Strict');
      assert.equal(session.path, '/');
      assert.ok(!(await scriptCookies(p)).includes(session.value));
      assert.ok(!(await scriptCookies(p)).includes('evident_session'));
      assert.equal(await sessionWith(`evident_session=${session.value}`), 200);
    });
  });

  test('a wrong password shows the error and makes no session', async () => {
    const { history } = ui;
    await page(async (p, watched) => {
      // The refused sign-ins are 401s, which Chromium logs.
      watched.problems.allow(/status of 401 \(Unauthorized\) @ [^ ]*\/api\/v1\/session$/);
      await p.goto(history.url);
      await submitPassword(p, {
        org: history.org,
        username: history.users.approver.username,
        password: 'not-the-right-password',
      });
      const alert = p.getByRole('alert');
      await alert.waitFor();
      // A sentence for a person, naming the organisation, not the API's lower-case text.
      assert.equal(
        await alert.innerText(),
        'Unknown user or wrong password, or this user is not in organisation acme.',
      );
      assert.equal(await p.locator('input[name="password"]').inputValue(), '');
      assert.equal(await signOutButton(p).count(), 0);
      const cookies = await p.context().cookies();
      assert.deepEqual(
        cookies.filter((c) => c.value !== '').map((c) => c.name),
        [],
      );
      const probe = await p.context().request.get(`${history.url}/api/v1/session`);
      assert.equal(probe.status(), 204, 'nobody is signed in');

      // A token of acme offered to another organisation is refused with a sentence too.
      await submitToken(p, { org: 'default', token: history.tokens.ci });
      await alert.filter({ hasText: 'API token' }).waitFor();
      assert.equal(
        await alert.innerText(),
        'This API token does not sign in to organisation default: it is unknown, expired or revoked, or it belongs to another organisation.',
      );
      assert.equal(await signOutButton(p).count(), 0);
    });
  });

  test('signing out returns to the form, and the old cookie no longer works', async () => {
    const { history } = ui;
    const alice = history.users.approver;
    await page(async (p) => {
      await p.goto(history.url);
      await submitPassword(p, { org: history.org, ...alice });
      await signOutButton(p).waitFor();
      const old = (await p.context().cookies()).find((c) => c.name === 'evident_session')?.value;
      assert.ok(old !== undefined && old !== '');
      await signOutButton(p).click();
      await signInButton(p).waitFor();
      assert.equal((await p.context().cookies()).filter((c) => c.value !== '').length, 0);
      // The session's token was revoked: the cookie is worth nothing, even replayed.
      assert.equal(await sessionWith(`evident_session=${old}`), 204);
      assert.equal(
        (
          await fetch(`${history.url}/api/v1/orgs/${history.org}/flows`, {
            headers: { cookie: `evident_session=${old}` },
          })
        ).status,
        401,
      );
      await p
        .context()
        .addCookies([
          { name: 'evident_session', value: old, url: history.url, httpOnly: true, sameSite: 'Strict' },
        ]);
      await p.reload();
      await signInButton(p).waitFor();
      assert.equal(await signOutButton(p).count(), 0);
    });
  });

  test('with an API token; signing out forgets it without revoking it', async () => {
    const { history } = ui;
    await page(async (p) => {
      await p.goto(history.url);
      await submitToken(p, { org: history.org, token: history.tokens.ci });
      await signOutButton(p).waitFor();
      const who = await p.locator('header .who').innerText();
      assert.match(who, new RegExp(history.serviceAccounts.ci));
      assert.match(who, /writer/i);
      const cookie = (await p.context().cookies()).find((c) => c.name === 'evident_token');
      assert.equal(cookie?.httpOnly, true);
      assert.ok(!(await scriptCookies(p)).includes(history.tokens.ci));
      await signOutButton(p).click();
      await signInButton(p).waitFor();
      // A pipeline's token is not revoked by a browser that signs out.
      assert.equal(await sessionWith(`evident_token=${history.tokens.ci}`), 200);
    });
  });

  test('an address opened directly asks to sign in, then shows that page', async () => {
    const { history } = ui;
    await page(async (p) => {
      const response = await p.goto(`${history.url}/flows`);
      assert.equal(response?.status(), 200);
      await signInButton(p).waitFor();
      await submitPassword(p, { org: history.org, ...history.users.auditor });
      await signOutButton(p).waitFor();
      assert.equal(new URL(p.url()).pathname, '/flows');
      assert.equal(await p.getByRole('link', { name: 'Flows' }).getAttribute('aria-current'), 'page');
      // Reloaded by address while signed in: the server answers the UI, the UI the page.
      await p.goto(`${history.url}/flows`);
      await p.locator('#page-title').waitFor();
      assert.equal(await p.locator('#page-title').innerText(), 'Flows');
      await p.getByRole('link', { name: history.flows.payments }).first().waitFor();
    });
  });
});
