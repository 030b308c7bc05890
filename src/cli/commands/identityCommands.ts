import { EvidentError } from '../../core/errors.ts';
import { configPath, writeConfig } from '../configFile.ts';
import { readInput } from '../inputFile.ts';
import { readSecret } from '../readSecret.ts';
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
