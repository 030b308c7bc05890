import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/buildApp.ts';
import type { EvidentServices } from '../../src/service/evidentServices.ts';
import { openDatabase } from '../../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../../src/storage/orgStore.ts';
import { TEST_ORIGIN, testServices } from './services.ts';
import { testClock, type TestClock } from './testClock.ts';
import { builtUi } from './uiBuild.ts';

/** A real Evident server with the web UI, listening on the loopback interface of this process. */
export interface UiServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** The services behind it (for what is not an HTTP call, such as creating the default org). */
  readonly services: EvidentServices;
  /** The server's clock: what a seed sets to record history at chosen times. */
  readonly clock: TestClock;
  /** The built UI the server serves at `/`. */
  readonly webRoot: string;
  /** Stops listening, closes the database and removes its folder; a second call does nothing. */
  close(): Promise<void>;
}

/**
 * Builds the UI (once per process) and starts `buildApp` on 127.0.0.1, port 0, over a fresh SQLite
 * database, evidence and witness folders in a temp folder, with a controllable clock (default: Mon 16 Nov 2026
 * 00:00 UTC, where the audit history of auditHistory.ts begins).
 */
export async function startUiServer(options: { clock?: TestClock } = {}): Promise<UiServer> {
  const webRoot = await builtUi();
  const clock = options.clock ?? testClock();
  const dir = mkdtempSync(join(tmpdir(), 'evident-ui-server-'));
  const database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  const services = testServices(database, {
    now: clock.now,
    evidenceDir: join(dir, 'evidence'),
    witnessDir: join(dir, 'witness'),
  });
  const app = buildApp({ services, version: 'ui-test', now: clock.now, webRoot });
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      try {
        await app.close();
        await database.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    })());
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('the server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}`, services, clock, webRoot, close };
}
