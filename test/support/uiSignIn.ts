// Signing in to the web UI from a test: through the form, as a person would (web/src/pages/SignIn.tsx),
// or straight through POST /api/v1/session in the page's own cookie jar when the form is not what a
// test is about.
import type { Locator, Page } from 'playwright-core';

/** The sign-out button of the page frame: there only while signed in. */
export function signOutButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Sign out' });
}

/** The sign-in form's submit button: there only while signed out. */
export function signInButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Sign in' });
}

/**
 * Picks "Password" or "API token" in the form's segmented control, by clicking its label as a person
 * would (the radio button itself sits under the label).
 */
export async function chooseMethod(page: Page, method: 'password' | 'token'): Promise<void> {
  const radio = page.locator(`input[name="method"][value="${method}"]`);
  await page.locator('label', { has: radio }).click();
  if (!(await radio.isChecked())) throw new Error(`the sign-in method ${method} is not selected`);
}

/**
 * Fills the sign-in form (already on screen) with a password and submits it. Does not wait for the
 * outcome: follow with `await signOutButton(page).waitFor()` or look for the error.
 */
export async function submitPassword(
  page: Page,
  credentials: { org: string; username: string; password: string },
): Promise<void> {
  await chooseMethod(page, 'password');
  await page.locator('input[name="org"]').fill(credentials.org);
  await page.locator('input[name="username"]').fill(credentials.username);
  await page.locator('input[name="password"]').fill(credentials.password);
  await signInButton(page).click();
}

/** Switches the form to "API token", fills it and submits it (without waiting for the outcome). */
export async function submitToken(page: Page, credentials: { org: string; token: string }): Promise<void> {
  await chooseMethod(page, 'token');
  await page.locator('input[name="org"]').fill(credentials.org);
  await page.locator('input[name="token"]').fill(credentials.token);
  await signInButton(page).click();
}

/**
 * Opens `path` (default `/`) on the server and signs in through the form with a password, then
 * waits until the page frame shows the person signed in.
 */
export async function signIn(
  page: Page,
  serverUrl: string,
  credentials: { org: string; username: string; password: string },
  path = '/',
): Promise<void> {
  await page.goto(`${serverUrl}${path}`);
  await submitPassword(page, credentials);
  await signOutButton(page).waitFor();
}

/**
 * Signs the page's browser context in without the form (POST /api/v1/session through the context's
 * own request client, so the HttpOnly cookie lands in its jar), then opens `path` signed in. For page
 * tests that are not about signing in.
 */
export async function signInQuickly(
  page: Page,
  serverUrl: string,
  credentials: { org: string; username: string; password: string } | { org: string; token: string },
  path = '/',
): Promise<void> {
  // Only what the endpoint takes: callers may pass a whole SeededUser (`{ org, ...user }`).
  const data =
    'token' in credentials
      ? { org: credentials.org, token: credentials.token }
      : { org: credentials.org, username: credentials.username, password: credentials.password };
  const response = await page.context().request.post(`${serverUrl}/api/v1/session`, { data });
  if (response.status() !== 201)
    throw new Error(`POST /api/v1/session answered ${response.status()}: ${await response.text()}`);
  await page.goto(`${serverUrl}${path}`);
  await signOutButton(page).waitFor();
}
