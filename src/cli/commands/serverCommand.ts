import { EvidentError } from '../../core/errors.ts';
import { TOKEN_PATTERN } from '../../core/model/token.ts';
import { startServer } from '../../server/startServer.ts';
import { parseInterval } from '../parseInterval.ts';
import { VERSION } from '../../version.ts';

/** `evident server`: start, print where it listens and the admin token on first start, stop on signals. */
export async function serverCommand(options: Record<string, string | boolean | undefined>): Promise<void> {
  const text = (name: string) => {
    const value = options[name];
    return typeof value === 'string' ? value : undefined;
  };
  const port = Number(text('port'));
  const bodyLimit = Number(text('bodyLimit'));
  const evidenceLimit = Number(text('evidenceLimit'));
  if (!Number.isSafeInteger(evidenceLimit) || evidenceLimit < 1) {
    throw new EvidentError('bad_request', '--evidence-limit must be a whole number of bytes');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EvidentError('bad_request', `--port must be 0–65535`);
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024)
    throw new EvidentError('bad_request', '--body-limit must be at least 1024');
  const verifyEveryMs = parseInterval('--verify-every', text('verifyEvery') ?? '24h', 1000);
  const databaseUrl = text('databaseUrl');
  const origin = text('origin');
  const keyDir = text('keyDir');
  const witnessDir = text('witnessDir');
  const bootstrapToken = process.env.EVIDENT_BOOTSTRAP_TOKEN;
  // Checked before anything is created, so a typo leaves no half-initialised data folder.
  if (bootstrapToken !== undefined && bootstrapToken !== '' && !TOKEN_PATTERN.test(bootstrapToken)) {
    throw new EvidentError(
      'bad_request',
      'EVIDENT_BOOTSTRAP_TOKEN must be "evd_" followed by 43 base64url characters',
    );
  }
  const server = await startServer({
    dataDir: text('dataDir') ?? './evident-data',
    host: text('host') ?? '127.0.0.1',
    port,
    bodyLimit,
    evidenceLimit,
    version: VERSION,
    logger: options.quiet === true ? { level: 'warn' } : true,
    verifyEveryMs,
    trustProxy: options.trustProxy === true,
    ...(databaseUrl !== undefined && databaseUrl !== '' && { databaseUrl }),
    ...(origin !== undefined && { origin }),
    ...(keyDir !== undefined && { keyDir }),
    ...(witnessDir !== undefined && { witnessDir }),
    ...(bootstrapToken !== undefined && bootstrapToken !== '' && { bootstrapToken }),
  }).catch((error: unknown) => {
    throw startFailure(error);
  });
  const lines = [
    `Evident ${VERSION} listening on ${server.url}`,
    `  web UI:   ${server.url}/`,
    `  API:      ${server.url}/api/v1 (OpenAPI: ${server.url}/api/v1/openapi.json)`,
    `  log:      ${server.origin}/<org>, verifier key: ${server.services.vkeys.at(-1) ?? ''}`,
    `  verify:   ${verifyEveryMs === 0 ? 'never by itself (--verify-every off)' : `each org's log when its last verification is ${text('verifyEvery') ?? '24h'} old`}`,
  ];
  if (server.adminToken !== undefined && server.adminToken === bootstrapToken) {
    lines.push('  admin token for org "default": the one in EVIDENT_BOOTSTRAP_TOKEN');
  } else if (server.adminToken !== undefined) {
    lines.push(`  admin token for org "default" (shown once, store it now): ${server.adminToken}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Operating-system failures at start-up, as one clear line instead of a stack trace. */
function startFailure(error: unknown): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const hints: Record<string, string> = {
    EADDRINUSE: 'the port is in use: pick another with --port',
    EADDRNOTAVAIL: 'no such local address: check --host',
    ENOTFOUND: 'the host name does not resolve: check --host',
    EACCES: 'permission denied',
    ENOTDIR: 'a path that must be a folder is a file: check --data-dir',
    ECONNREFUSED: 'the database refused the connection: check --database-url',
  };
  if (typeof code === 'string' && code in hints) {
    return new EvidentError('unavailable', `cannot start: ${hints[code] ?? ''} (${String(message)})`);
  }
  return error;
}
