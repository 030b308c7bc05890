import { Option, type Command } from 'commander';
import { ROLES } from '../core/model/token.ts';
import { existing } from './environmentProgram.ts';
import { example, readOptions } from './recordProgram.ts';

/**
 * `evident create user`: people who sign in to the web UI and decide approvals (issues #3, #7).
 * Never spooled: a password must not wait on disk for a server to come back.
 */
export function registerUserCommands(root: Command): void {
  readOptions(existing(root, 'create').command('user <username>'))
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
${example("  $ evident create user rita --role reader --display-name 'Rita Reader'\n  $ printf '%s' \"$PASSWORD\" | evident create user ci-bot --role approver --password-stdin")}`,
    )
    .action(async (username: string, options: Record<string, unknown>) => {
      const { createUser } = await import('./commands/userCommands.ts');
      await createUser(username, options);
    });
}
