import { EvidentError, isEvidentError } from '../../core/errors.ts';
import { ApiClient } from '../client/apiClient.ts';
import { configPath, readConfig, removeConfig, writeConfig } from '../configFile.ts';
import { readInput } from '../inputFile.ts';
import { readSecret } from '../readSecret.ts';
import { resolveSettings } from '../settings.ts';
import { clientOf } from './readCommands.ts';
import { print, text } from './recordCommands.ts';

type Options = Record<string, unknown>;

/** `evident create user NAME --role R`: POST /users, sent once, never spooled. */
export async function createUser(username: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const password = await passwordOf(options);
  const displayName = text(options, 'displayName');
  const role = text(options, 'role');
  const { body } = await client.request('POST', `${base}/users`, {
    body: { username, role, password, ...(displayName !== undefined && { displayName }) },
  });
  print(settings, `user ${username} created (${role ?? ''}); they sign in at ${settings.host}`, body);
}

/** `evident login NAME`: password sign-in; the session token goes to the config file, never stdout. */
export async function login(username: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const password = await passwordOf(options, 'Password: ');
  const { body } = await client.request('POST', `${base}/sessions`, { body: { username, password } });
  const { token } = body as { token: { secret: string; expiresAt: string } };
  const path = configPath(options, process.env);
  writeConfig(path, 'api-token', token.secret);
  writeConfig(path, 'host', settings.host);
  writeConfig(path, 'org', settings.org);
  print(
    settings,
    `signed in to ${settings.org} as ${username} until ${token.expiresAt}; the session token is in ${path}`,
    { org: settings.org, username, expiresAt: token.expiresAt, configFile: path },
  );
}

/**
 * `evident logout`: forgets the token in the config file, after ending it on the server when it is a
 * password session (what `login` stores). Any other token there (a pipeline's, set by hand) is only
 * forgotten — the server decides, by the token's owner, as the web UI's sign-out does. The token is
 * forgotten whatever happens on the server, and the output says what did.
 */
export async function logout(options: Options): Promise<void> {
  const path = configPath(options, process.env);
  const file = readConfig(path);
  const secret = file['api-token'];
  if (secret === undefined)
    throw new EvidentError(
      'bad_request',
      `not logged in: ${path} holds no token (sign in with evident login)`,
    );
  // The server and org the token was stored for (by login), else those of the environment.
  const settings = resolveSettings(options, process.env);
  const host = file.host ?? settings.host;
  const org = file.org ?? settings.org;
  // Signing out is no record to keep: one retry, not the long back-off that protects writes.
  const client = new ApiClient({ host, token: secret, retries: 1 });
  let revoked: boolean | undefined;
  try {
    const { body } = await client.request(
      'DELETE',
      `/api/v1/orgs/${encodeURIComponent(org)}/sessions/current`,
    );
    revoked = (body as { revoked: boolean }).revoked;
  } catch (error) {
    // Expired or revoked already: there is nothing left to end. Any other failure (the server is
    // down: exit 4) still forgets the token, as asked, and says that it was not revoked.
    if (!isEvidentError(error, 'unauthorized')) {
      removeConfig(path, 'api-token');
      if (!isEvidentError(error)) throw error;
      throw new EvidentError(
        error.code,
        `${error.message}. The token was forgotten (removed from ${path}) but not revoked: if it was a session, it stays valid until it expires`,
      );
    }
  }
  removeConfig(path, 'api-token');
  const outcome = revoked === undefined ? 'expired' : revoked ? 'revoked' : 'kept';
  const what = {
    revoked: `signed out of ${org}: the session was revoked on ${host}`,
    kept: 'forgot the API token; it was not revoked, as it is not a session from evident login',
    expired: `forgot the token: ${host} no longer accepts it (expired or revoked already)`,
  }[outcome];
  print(settings, `${what}; removed from ${path}`, { org, host, outcome, configFile: path });
}

/** From stdin with --password-stdin (one trailing newline dropped), or asked for twice on a terminal. */
async function passwordOf(options: Options, prompt?: string): Promise<string> {
  if (options.passwordStdin === true) return (await readInput('-')).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) {
    throw new EvidentError(
      'bad_request',
      'no terminal to ask for the password: pass it with --password-stdin',
    );
  }
  if (prompt !== undefined) return readSecret(prompt);
  const first = await readSecret('Password (12 characters or more): ');
  const again = await readSecret('Password again: ');
  if (first !== again) throw new EvidentError('bad_request', 'the two passwords differ; nothing was created');
  return first;
}

/** `evident create service-account NAME`: what pipelines act as; tokens are made for it next. */
export async function createServiceAccount(name: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const description = text(options, 'description');
  const { body } = await client.request('POST', `${base}/service-accounts`, {
    body: { name, ...(description !== undefined && { description }) },
  });
  print(
    settings,
    `service account ${name} created; give it a token: evident create token --role writer --service-account ${name}`,
    body,
  );
}

/** `evident create token --role R`: the secret is answered this once, so it is printed clearly. */
export async function createToken(options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const days = text(options, 'expiresInDays');
  let expiresAt: string | null = null;
  if (days !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(days))
      throw new EvidentError('bad_request', `--expires-in-days takes a whole number of days, not "${days}"`);
    expiresAt = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
  }
  const role = text(options, 'role');
  const serviceAccount = text(options, 'serviceAccount');
  const description = text(options, 'description');
  const { body } = await client.request('POST', `${base}/tokens`, {
    body: {
      role,
      expiresAt,
      ...(serviceAccount !== undefined && { serviceAccount }),
      ...(description !== undefined && { description }),
    },
  });
  const { token } = body as { token: { id: string; secret: string } };
  const owner = serviceAccount === undefined ? '' : ` for service account ${serviceAccount}`;
  const expiry = expiresAt === null ? 'never expires' : `expires ${expiresAt}`;
  print(
    settings,
    `token ${token.id} created (${role ?? ''}${owner}; ${expiry})\nsecret (shown only this once, store it now): ${token.secret}`,
    body,
  );
}
