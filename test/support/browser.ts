// Real Chromium for the end-to-end UI tests (issue #7), driven by playwright-core. The browser is the
// system's own (Debian package `chromium`); `playwright install` is never run, nothing is downloaded.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where {@link screenshot} writes: test-output/screenshots at the repository root (git-ignored). */
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

/** A laptop screen, a viewer in Zurich (not UTC, so "dates in the viewer's time zone" shows), British English. */
export const VIEWPORT = { width: 1366, height: 800 } as const;
export const TIMEZONE = 'Europe/Zurich';
export const LOCALE = 'en-GB';

/**
 * `false` when Chromium is installed, else the reason to skip (pass as node:test's `skip` option),
 * after a loud notice. Under CI=true a missing browser is an error instead: CI must run these tests
 * (the rule of startPostgres and skipUnlessInstalled).
 */
export function skipUnlessChromium(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const message = `${CHROMIUM} is not installed (Debian package \`chromium\`): browser tests are SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message} — but CI=true requires them`);
  console.warn(`\n*** ${message} ***\n`);
  return `${CHROMIUM} not installed`;
}

/** Starts headless Chromium, with everything that would reach out to the network switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * What went wrong in a page that the page itself did not show: console errors, uncaught exceptions,
 * server errors (5xx) and requests to any host but the server under test ("works without a CDN or
 * any outside request"; such requests are blocked, never sent).
 */
export interface PageProblems {
  /** Everything collected so far, one line each. */
  readonly list: () => readonly string[];
  /**
   * Accepts console errors whose text (or resource URL) matches `pattern` from now on: for a test
   * that provokes an error on purpose (a 404 for an unknown artifact, say).
   */
  allow(pattern: RegExp): void;
  /** Throws, listing them, if any problem was collected. */
  assertNone(): void;
}

export interface OpenPageOptions {
  /**
   * The browser's own clock starts here (and then runs): the server's "now" in a seeded history,
   * so that relative times ("2 hours ago") read as they would have then. Default: the real time.
   */
  readonly now?: number | string | Date;
  /** Extra console errors to accept from the start (see {@link PageProblems.allow}). */
  readonly allow?: readonly RegExp[];
}

/** A page in a fresh browser context (its own cookies and storage), watched for problems. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly problems: PageProblems;
  /** Closes the context; the problems stay readable. */
  close(): Promise<void>;
}

/**
 * Opens a page for the server at `serverUrl` in a new context with the laptop viewport, the Zurich
 * time zone and the en-GB locale. Requests to other hosts are aborted and recorded as problems.
 */
export async function openPage(
  browser: Browser,
  serverUrl: string,
  options: OpenPageOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    timezoneId: TIMEZONE,
    locale: LOCALE,
    serviceWorkers: 'block',
  });
  const found: string[] = [];
  // Nothing is accepted by default: a signed-out visit logs no error (GET /api/v1/session answers 204),
  // and a test that provokes one (a refused sign-in, a 404) says so with `allow`.
  const allowed = [...(options.allow ?? [])];
  const own = new URL(serverUrl);
  try {
    if (options.now !== undefined) await context.clock.install({ time: new Date(options.now) });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === own.origin) return route.continue();
      found.push(`outside request: ${route.request().method()} ${url.href}`);
      return route.abort('blockedbyclient');
    });
    context.on('weberror', (error) =>
      found.push(`uncaught: ${error.error().stack ?? String(error.error())}`),
    );
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      const line = `console error: ${message.text()}${where === '' ? '' : ` @ ${where}`}`;
      // Blocked outside requests are reported once, as such, above.
      if (message.text().includes('ERR_BLOCKED_BY_CLIENT')) return;
      if (!allowed.some((pattern) => pattern.test(line))) found.push(line);
    });
    context.on('response', (response) => {
      if (response.status() >= 500)
        found.push(`server error: ${response.status()} for ${response.request().method()} ${response.url()}`);
    });
    const page = await context.newPage();
    return {
      page,
      context,
      problems: {
        list: () => [...found],
        allow: (pattern) => allowed.push(pattern),
        assertNone() {
          if (found.length > 0)
            throw new Error(`the page had ${found.length} problem(s):\n  ${found.join('\n  ')}`);
        },
      },
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Runs `body` with a fresh watched page and then fails if the page had any problem; the context is
 * closed either way. A failure of `body` itself wins, with the page's problems added to its message.
 */
export async function withPage<T>(
  browser: Browser,
  serverUrl: string,
  body: (page: Page, watched: WatchedPage) => Promise<T>,
  options: OpenPageOptions = {},
): Promise<T> {
  const watched = await openPage(browser, serverUrl, options);
  let result: T;
  try {
    result = await body(watched.page, watched);
  } catch (error) {
    const problems = watched.problems.list();
    if (error instanceof Error && problems.length > 0)
      error.message += `\n(the page also had: ${problems.join('; ')})`;
    throw error;
  } finally {
    await watched.close();
  }
  watched.problems.assertNone();
  return result;
}

/**
 * Records the requests that `page` makes to the API (paths under /api/) from now on, as
 * `GET /api/v1/…?query`, oldest first: for tests that a page asks the server a fixed number of
 * questions, however many records it shows (no request per row).
 */
export function recordApiRequests(page: Page): () => readonly string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  return () => [...seen];
}

/**
 * Waits until `expression` is true in the page. Playwright's waitForFunction polls with eval, which the
 * UI's Content-Security-Policy (no 'unsafe-eval') refuses; evaluate() goes through the debugger.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (await page.evaluate<boolean>(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `document.cookie` as the page's own scripts see it (HttpOnly cookies are not in it). */
export function scriptCookies(page: Page): Promise<string> {
  return page.evaluate<string>('document.cookie');
}

/**
 * Writes a full-page PNG of `page` to test-output/screenshots/<name>.png (creating the folder) and
 * answers its path. Names are file names: letters, digits, `-`, `_` and `.`.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`not a screenshot name: ${name}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
