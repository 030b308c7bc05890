import { Option, type Command } from 'commander';
import { ROLES } from '../core/model/token.ts';
import { existing } from './environmentProgram.ts';
import { example, readOptions } from './recordProgram.ts';

/**
 * `evident create user | service-account | token`, `login`, `logout`: who may act (issue #3). Never spooled: a password
 * or a new token's secret must not wait on disk for a server to come back.
 */
export function registerIdentityCommands(root: Command): void {
  const create = existing(root, 'create');
  readOptions(create.command('user <username>'))
    .description('Create a person who signs in to the web UI (needs an admin token).')
    .addOption(new Option('--role <role>', 'what they may do').choices(ROLES).makeOptionMandatory())
    .option('--display-name <name>', 'their name as shown (default: the username)')
    .option('--password-stdin', 'read the password from standard input (otherwise it is asked for)')
    .addHelpText(
      'after',
      `
Roles: admin, writer and reporter record; approver decides approvals; reader and auditor read
(an auditor also runs verifications). The password is at least 12 characters; it is sent once and
kept only as a scrypt hash.
${example("  $ evident create user rita --role reader --display-name 'Rita Reader'\n  $ printf '%s' \"$PASSWORD\" | evident create user alex --role approver --password-stdin")}`,
    )
    .action(async (username: string, options: Record<string, unknown>) => {
      const { createUser } = await import('./commands/identityCommands.ts');
      await createUser(username, options);
    });

  readOptions(root.command('login <username>'))
    .description('Sign in as a person: their session token (12 hours) is stored in the config file.')
    .option('--password-stdin', 'read the password from standard input (otherwise it is asked for)')
    .option('--config <file>', 'config file (EVIDENT_CONFIG; default ~/.config/evident/config.json)')
    .addHelpText(
      'after',
      `
Approvals are decided by people, not by pipeline tokens: an approver signs in, then runs
evident approve ID. The token is kept in the config file (readable only by you) until it expires.
${example('  $ evident login alex --org acme --host https://evident.example.com\n  $ evident approve 42 --comment "CHG-2041 reviewed"')}`,
    )
    .action(async (username: string, options: Record<string, unknown>) => {
      const { login } = await import('./commands/identityCommands.ts');
      await login(username, options);
    });

  // Only the config file's token, server and org count here, so there are no --host, --org or --api-token.
  root
    .command('logout')
    .description('Sign out: end the session `login` stored and remove its token from the config file.')
    .option('--config <file>', 'config file (EVIDENT_CONFIG; default ~/.config/evident/config.json)')
    .addOption(
      new Option('--output <format>', 'output format (EVIDENT_OUTPUT)').choices(['text', 'json', 'markdown']),
    )
    .addHelpText(
      'after',
      `
The token in the config file is removed in any case. A session from evident login is revoked on the
server it was made for first; any other token there (a pipeline's, stored with evident config set)
is only forgotten, never revoked, and the output says which happened. If the server cannot be
reached the token is still forgotten, and the command exits 4: the session then stays valid until
it expires. Not logged in (no token in the file) exits 2.
${example('  $ evident logout')}`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { logout } = await import('./commands/identityCommands.ts');
      await logout(options);
    });

  readOptions(create.command('service-account <name>'))
    .description('Create a service account: what CI pipelines and reporters act as (needs an admin token).')
    .option('--description <text>', 'what it is for')
    .addHelpText(
      'after',
      example('  $ evident create service-account github-actions --description "payments CI"'),
    )
    .action(async (name: string, options: Record<string, unknown>) => {
      const { createServiceAccount } = await import('./commands/identityCommands.ts');
      await createServiceAccount(name, options);
    });

  readOptions(create.command('token'))
    .description('Create an API token; its secret is printed once (needs an admin token).')
    .addOption(new Option('--role <role>', 'what it may do').choices(ROLES).makeOptionMandatory())
    .option('--service-account <name>', 'the service account it acts for (recorded with every write)')
    .option('--description <text>', 'what it is for')
    .option('--expires-in-days <days>', 'expire after this many days (default: never)')
    .addHelpText(
      'after',
      `
Give each pipeline its own token with the least role it needs: writer for builds and attestations,
reporter for environment snapshots. Store the secret in the CI system's secret store.
${example('  $ evident create token --role writer --service-account github-actions --expires-in-days 90')}`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { createToken } = await import('./commands/identityCommands.ts');
      await createToken(options);
    });
}
