import { Option, type Command } from 'commander';
import { ENVIRONMENT_TYPES } from '../core/model/environment.ts';
import { common, readOptions, example } from './recordProgram.ts';
import { registerSnapshotCommands } from './snapshotProgram.ts';
import { REF_HELP, TIME_HELP } from './snapshotRefHelp.ts';

/** The command registerRecordCommands made (`create`, `assert`), to add subcommands to it. */
export function existing(root: Command, name: string): Command {
  const found = root.commands.find((command) => command.name() === name);
  if (found === undefined) throw new Error(`register the record commands first: no "${name}"`);
  return found;
}

/**
 * Environments, policies, snapshots, change logs and gates (issue #5). `get snapshot` and
 * `list environments` are kinds of the existing `get` and `list` (recordProgram.ts).
 */
export function registerEnvironmentCommands(root: Command): void {
  const create = existing(root, 'create');
  common(create.command('environment <name>'))
    .description('Create or update an environment: where software runs, and the policies it follows.')
    .addOption(
      new Option('--type <type>', 'what kind of environment (fixed once created)')
        .choices(ENVIRONMENT_TYPES)
        .makeOptionMandatory(),
    )
    .option('--description <text>', 'what runs there (kept when left out)')
    .option('--include <environment...>', 'for --type logical: the environments it is made of')
    .option('--policy <policy...>', 'the policies it follows (the latest version of each)')
    .addHelpText(
      'after',
      `
Saving an environment again replaces its includes and policies with those given.
${example('  $ evident create environment prod --type k8s --policy prod-rules\n  $ evident create environment eu --type logical --include prod-eu-1 prod-eu-2')}`,
    )
    .action(async (name: string, options: Record<string, unknown>) => {
      const { createEnvironment } = await import('./commands/environmentCommands.ts');
      await createEnvironment(name, options);
    });
  common(create.command('policy <name>'))
    .description('Create the next version of a policy; the same text as the latest version creates nothing.')
    .requiredOption('--file <file>', 'the policy, YAML or JSON (- for stdin)')
    .addHelpText(
      'after',
      `
A policy (every version is kept; environments follow the latest):
  version: 1
  artifacts:
    provenance: { required: true }        # a pipeline reported the fingerprint
    trail-compliance: { required: true }  # and its trail is compliant
    approval: { approvers: 2, excludeCommitAuthors: true, expiresAfterHours: 24 }
${example('  $ evident create policy prod-rules --file prod-rules.yml')}`,
    )
    .action(async (name: string, options: Record<string, unknown>) => {
      const { createPolicy } = await import('./commands/environmentCommands.ts');
      await createPolicy(name, options);
    });

  registerSnapshotCommands(root);

  const log = root.command('log').description('Change logs.');
  readOptions(log.command('environment <environment>'))
    .description('What started, stopped and scaled in an environment, newest first, with provenance.')
    .option('--since <time>', 'changes at or after this time (as in ENV@{time})')
    .option('--until <time>', 'changes at or before this time')
    .option('--limit <n>', 'at most this many changes', '100')
    .addHelpText(
      'after',
      `
An artifact that started without provenance or against policy is marked UNAUTHORISED.
${TIME_HELP}
${example('  $ evident log environment prod --since 7.days.ago')}`,
    )
    .action(async (environment: string, options: Record<string, unknown>) => {
      const { logEnvironment } = await import('./commands/environmentLog.ts');
      await logEnvironment(environment, options);
    });

  const diff = root.command('diff').description('Compare things.');
  readOptions(diff.command('snapshots <from> <to>'))
    .description('What started, stopped and scaled from one snapshot to another (also of two environments).')
    .addHelpText(
      'after',
      `${REF_HELP}${example('  $ evident diff snapshots "prod@{2026-11-19T02:30:00Z}" prod\n  $ evident diff snapshots staging prod')}`,
    )
    .action(async (from: string, to: string, options: Record<string, unknown>) => {
      const { diffSnapshots } = await import('./commands/snapshotQueries.ts');
      await diffSnapshots(from, to, options);
    });

  readOptions(existing(root, 'assert').command('snapshot <ref>'))
    .description(
      'Exit 0 if everything running in the environment (now, or at REF) is compliant, else 3 with the reasons.',
    )
    .addHelpText('after', `${REF_HELP}${example('  $ evident assert snapshot prod')}`)
    .action(async (ref: string, options: Record<string, unknown>) => {
      const { assertSnapshot } = await import('./commands/snapshotQueries.ts');
      process.exitCode = await assertSnapshot(ref, options);
    });
}
