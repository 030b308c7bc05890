import { EvidentError } from '../../core/errors.ts';
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

/** From stdin with --password-stdin (one trailing newline dropped), or asked for twice on a terminal. */
async function passwordOf(options: Options): Promise<string> {
  if (options.passwordStdin === true) return (await readInput('-')).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) {
    throw new EvidentError(
      'bad_request',
      'no terminal to ask for the password: pass it with --password-stdin',
    );
  }
  const first = await readSecret('Password (12 characters or more): ');
  const again = await readSecret('Password again: ');
  if (first !== again) throw new EvidentError('bad_request', 'the two passwords differ; nothing was created');
  return first;
}
