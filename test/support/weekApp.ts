import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/core/model/token.ts';
import { buildApp } from '../../src/server/buildApp.ts';
import type { EvidentServices } from '../../src/service/evidentServices.ts';
import { openDatabase } from '../../src/storage/openDatabase.ts';
import { ServerMetaStore } from '../../src/storage/orgStore.ts';
import { deploymentWeek } from './deploymentWeek.ts';
import { injectJson } from './inject.ts';
import { orgWithEveryRole, TEST_ORIGIN, testServices } from './services.ts';

/** The HTTP API over a SQLite file holding {@link deploymentWeek} in org `acme`. */
export interface WeekApp {
  readonly app: FastifyInstance;
  readonly services: EvidentServices;
  /** A token of each role of `acme`. */
  readonly acme: Record<Role, string>;
  /** The admin token of org `other`, which has nothing. */
  readonly stranger: string;
  /** GET `/api/v1/orgs/acme<path>` with a token of `role` (default reader). */
  get(path: string, role?: Role): ReturnType<typeof injectJson>;
  close(): Promise<void>;
}

export async function weekApp(): Promise<WeekApp> {
  const dir = mkdtempSync(join(tmpdir(), 'evident-week-'));
  const database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  await new ServerMetaStore(database.db).setOnce('origin', TEST_ORIGIN);
  let clock = Date.parse('2026-11-16T07:00:00.000Z');
  const services = testServices(database, { now: () => clock });
  const acme = await orgWithEveryRole(services, 'acme');
  const stranger = (await orgWithEveryRole(services, 'other')).admin;
  await deploymentWeek(services, 'acme', (instant) => {
    clock = Date.parse(instant);
  });
  clock = Date.parse('2026-11-20T12:00:00.000Z');
  const app = buildApp({ services, version: 'test', now: () => clock });
  return {
    app,
    services,
    acme,
    stranger,
    get: (path, role = 'reader') => injectJson(app, 'GET', `/api/v1/orgs/acme${path}`, acme[role]),
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
