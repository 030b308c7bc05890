import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { EvidentError } from '../core/errors.ts';
import { DEFAULT_ORG } from '../core/model/org.ts';
import { ensureKeyRing } from '../storage/keyFiles.ts';
import { openDatabase, type OpenDatabase } from '../storage/openDatabase.ts';
import { ServerMetaStore } from '../storage/orgStore.ts';
import { WitnessFiles } from '../storage/witnessFile.ts';
import { EvidentServices } from '../service/evidentServices.ts';
import { buildApp } from './buildApp.ts';
import { defaultWebRoot } from './defaultWebRoot.ts';
import { startPeriodicLoop, type PeriodicLoop } from './periodicLoop.ts';

export interface ServerConfig {
  /** SQLite database, evidence folder, signing keys and witness checkpoints live here. */
  readonly dataDir: string;
  /** postgres://… switches the database to PostgreSQL. */
  readonly databaseUrl?: string;
  readonly host: string;
  readonly port: number;
  /** Log origin prefix, fixed on first start; each org's log is `<origin>/<org>`. */
  readonly origin?: string;
  /** Signing key folder (default `<data-dir>/keys`); share it between processes of one deployment. */
  readonly keyDir?: string;
  /** Where the latest checkpoints are mirrored outside the database (default `<data-dir>/witness`). */
  readonly witnessDir?: string;
  /** Trust X-Forwarded-For from a reverse proxy for client addresses. */
  readonly trustProxy?: boolean;
  /** When set, the admin token of the default org (DESIGN §5 EVIDENT_BOOTSTRAP_TOKEN). */
  readonly bootstrapToken?: string;
  readonly bodyLimit?: number;
  /**
   * Verify each org's log when its latest verification is this old (DESIGN §3 Verification, run by
   * the server itself so that tampering is noticed without anyone asking); undefined or 0: never.
   */
  readonly verifyEveryMs?: number;
  /** Largest evidence file accepted, in bytes. */
  readonly evidenceLimit?: number;
  readonly version: string;
  /** Fastify's logger: true for the request log, `{ level: 'warn' }` for problems only. */
  readonly logger?: boolean | { readonly level: string };
  readonly maxBatch?: number;
  /** The built web UI (default: `web/` beside the bundle, or `dist/web` when run from the sources). */
  readonly webRoot?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly origin: string;
  /** The admin token, when this start created it (also when it is the preset one). */
  readonly adminToken: string | undefined;
  readonly app: FastifyInstance;
  readonly services: EvidentServices;
  close(): Promise<void>;
}

/** Opens storage, creates what a first start needs, and listens (DESIGN §5 `evident server`). */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const dataDir = resolve(config.dataDir);
  mkdirSync(join(dataDir, 'evidence'), { recursive: true });
  const database = await openDatabase(
    config.databaseUrl !== undefined
      ? { postgresUrl: config.databaseUrl }
      : { sqlitePath: join(dataDir, 'evident.db') },
  );
  try {
    const now = () => Date.now();
    const origin = await fixOrigin(database, config.origin);
    const keys = ensureKeyRing(
      config.keyDir ?? join(dataDir, 'keys'),
      origin,
      () => randomBytes(32),
      new Date(now()),
    );
    // The witness reports through the app's logger, which exists only once the services do.
    const log: { to?: FastifyBaseLogger } = {};
    const witnessDir = config.witnessDir ?? join(dataDir, 'witness');
    const witness = new WitnessFiles(witnessDir, (error) => {
      log.to?.error({ err: error }, 'cannot write the witness checkpoint');
    });
    const services = new EvidentServices({
      database,
      evidenceDir: join(dataDir, 'evidence'),
      ...(config.evidenceLimit !== undefined && { maxEvidenceBytes: config.evidenceLimit }),
      origin,
      skeys: keys.skeys,
      vkeys: keys.vkeys,
      now,
      randomBytes: (n) => randomBytes(n),
      ...(config.maxBatch !== undefined && { maxBatch: config.maxBatch }),
      onCheckpoint: (org, note) => witness.record(org, note),
      witnessDir,
    });
    const adminToken = await bootstrap(services, config.bootstrapToken);
    await services.ledger.checkHeads();
    const app = buildApp({
      services,
      version: config.version,
      now,
      ...(config.bodyLimit !== undefined && { bodyLimit: config.bodyLimit }),
      ...(config.logger !== undefined && { logger: config.logger }),
      ...(config.trustProxy !== undefined && { trustProxy: config.trustProxy }),
      webRoot: config.webRoot ?? defaultWebRoot(import.meta.url),
    });
    log.to = app.log;
    await app.listen({ host: config.host, port: config.port });
    const notifications = startPeriodicLoop(
      (stop) => services.notifier.tick(stop),
      (error) => app.log.error({ err: error }, 'webhook notifications failed; retrying in a second'),
    );
    for (const { org, run } of await services.verifications.failing())
      app.log.warn(
        { org, findings: run.findingCount, startedAt: run.startedAt },
        `the last verification of ${org} (${run.startedAt}) FOUND ${run.findingCount} PROBLEM(S): see GET /api/v1/orgs/${org}/log/verifications, or run evident verify`,
      );
    const verifications = scheduledVerifications(services, app.log, config.verifyEveryMs);
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}`,
      origin,
      adminToken,
      app,
      services,
      async close() {
        await notifications.stop();
        await verifications?.stop();
        await app.close();
        await witness.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function fixOrigin(database: OpenDatabase, wanted: string | undefined): Promise<string> {
  const meta = new ServerMetaStore(database.db);
  const stored = await meta.get('origin');
  if (stored !== undefined) {
    if (wanted !== undefined && wanted !== stored) {
      throw new EvidentError(
        'bad_request',
        `this database's log origin is "${stored}"; it cannot change to "${wanted}" (checkpoints name it)`,
      );
    }
    return stored;
  }
  const origin = wanted ?? `evident-${randomBytes(6).toString('hex')}.localhost`;
  if (!/^[^\s+/][^\s+]*$/.test(origin)) {
    throw new EvidentError(
      'bad_request',
      `log origin "${origin}" must have no spaces or '+' and not start with '/'`,
    );
  }
  return meta.setOnce('origin', origin);
}

/**
 * The default org and its admin token on first start (DESIGN §5). A preset token (automation) is
 * used only then; later starts ignore it, so a leaked environment cannot mint admin tokens.
 */
async function bootstrap(services: EvidentServices, preset: string | undefined): Promise<string | undefined> {
  const system = { type: 'system' } as const;
  if (!(await services.access.createOrg(DEFAULT_ORG, system))) return undefined;
  const { secret } = await services.access.createToken(
    DEFAULT_ORG,
    {
      role: 'admin',
      description: 'bootstrap admin token',
      expiresAt: null,
      ...(preset !== undefined && { secret: preset }),
    },
    system,
  );
  return secret;
}

/**
 * Checks often enough for a run to start soon after it is due (at most a minute late), and reports
 * every run in the server's log: a run that found a problem as an error, so `--quiet` shows it too.
 */
function scheduledVerifications(
  services: EvidentServices,
  log: FastifyBaseLogger,
  everyMs: number | undefined,
): PeriodicLoop | undefined {
  if (everyMs === undefined || everyMs === 0) return undefined;
  return startPeriodicLoop(
    async () => {
      for (const { org, run } of await services.verifications.verifyDue(everyMs)) {
        const facts = { org, size: run.size, rootHash: run.rootHash, findings: run.findingCount };
        if (run.ok)
          log.info(facts, `scheduled verification of ${org}: ${run.size} entries, no problem found`);
        else
          log.error(
            { ...facts, first: run.findings.slice(0, 3) },
            `scheduled verification of ${org} FOUND ${run.findingCount} PROBLEM(S): see GET /api/v1/orgs/${org}/log/verifications`,
          );
      }
    },
    (error) => log.error({ err: error }, 'scheduled verification failed; trying again later'),
    Math.min(60_000, Math.max(1000, everyMs / 4)),
  );
}
