import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedAuditHistory, type AuditHistory } from './auditHistory.ts';
import { launchBrowser } from './browser.ts';
import { startUiServer, type UiServer } from './uiServer.ts';

/** What a UI test file shares between its tests; each part is ready once the file's `before` ran. */
export interface UiFixture {
  readonly server: UiServer;
  /** The seeded week (only with `seed: true`). */
  readonly history: AuditHistory;
  /** Headless Chromium (only with `browser: true`). */
  readonly browser: Browser;
  /** Milliseconds that the UI build plus server start, the seed, and the browser launch took. */
  readonly timings: { readonly server: number; readonly seed: number; readonly browser: number };
}

/**
 * Registers `before`/`after` hooks in the current suite (call it at the top of a file or inside a
 * `describe`) that start a UI server (building the UI once per process), optionally seed the audit
 * history and launch Chromium, and stop them all at the end. Pass `skip` (from skipUnlessChromium)
 * to register nothing when the suite is skipped.
 */
export function uiFixture(
  options: { seed?: boolean; browser?: boolean; skip?: string | false } = {},
): UiFixture {
  let server: UiServer | undefined;
  let history: AuditHistory | undefined;
  let browser: Browser | undefined;
  const timings = { server: 0, seed: 0, browser: 0 };
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test, after before()`);
    return value;
  };
  if (options.skip === undefined || options.skip === false) {
    before(async () => {
      let t = performance.now();
      server = await startUiServer();
      timings.server = performance.now() - t;
      if (options.seed === true) {
        t = performance.now();
        history = await seedAuditHistory(server);
        timings.seed = performance.now() - t;
      }
      if (options.browser === true) {
        t = performance.now();
        browser = await launchBrowser();
        timings.browser = performance.now() - t;
      }
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });
  }
  return {
    get server() {
      return ready(server, 'the UI server');
    },
    get history() {
      return ready(history, 'the seeded history (uiFixture({ seed: true }))');
    },
    get browser() {
      return ready(browser, 'the browser (uiFixture({ browser: true }))');
    },
    timings,
  };
}
