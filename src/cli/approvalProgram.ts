import type { Command } from 'commander';
import { existing } from './environmentProgram.ts';
import { common, example, readOptions } from './recordProgram.ts';

const RULES = `
Approvers are people: a token that acts for a user (a session from signing in), never a service
account's. The server refuses, recording nothing: a decision by whoever asked; by an author or
committer of the change when the environment's policy has excludeCommitAuthors; a second decision
by the same person; a decision on a request that was rejected, superseded by a newer build, or past
its deadline.`;

/**
 * Approvals and segregation of duties (issue #6): `request approval`, `approve`, `reject`,
 * `break-glass` and `assert approval`; `list approvals` is a kind of the existing `list`
 * (recordProgram.ts).
 */
export function registerApprovalCommands(root: Command): void {
  const request = root.command('request').description('Ask for approvals.');
  common(request.command('approval'))
    .description('Ask approvers to let an artifact into an environment; prints the change it makes.')
    .requiredOption('--environment <environment>', 'where it is to run (a physical environment)')
    .requiredOption('--fingerprint <fingerprint>', 'the SHA-256 of the artifact')
    .option('--comment <text>', 'what approvers should know')
    .addHelpText(
      'after',
      `
Asking again while a request is open answers with that request. The environment's policies say how
many distinct approvals it needs and for how long they hold.
${example('  $ evident request approval --environment prod --fingerprint "$(evident fingerprint dist/app.tar)" --comment "release 2.0"')}`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { requestApproval } = await import('./commands/approvalCommands.ts');
      await requestApproval(options);
    });
  for (const decision of ['approve', 'reject'] as const) {
    const command = common(root.command(`${decision} <id>`))
      .description(
        `${decision === 'approve' ? 'Approve' : 'Reject'} an approval request, or review a break-glass exception (by its id).`,
      )
      .addHelpText(
        'after',
        `${RULES}${decision === 'reject' ? '\nA rejection is a veto: the approvals of the request stop counting.' : ''}
${example(`  $ evident list approvals --status pending\n  $ evident ${decision} 42 --comment "${decision === 'approve' ? 'change CHG-118 reviewed' : 'no rollback plan'}"`)}`,
      )
      .action(async (id: string, options: Record<string, unknown>) => {
        const { decide } = await import('./commands/approvalCommands.ts');
        await decide(id, decision, options);
      });
    if (decision === 'approve') command.option('--comment <text>', 'why');
    else command.requiredOption('--comment <text>', 'why (required)');
  }
  common(root.command('break-glass <fingerprint>'))
    .description(
      'Emergency: let an artifact into an environment without approval, with a reason, for review later.',
    )
    .requiredOption('--environment <environment>', 'where it is to run')
    .requiredOption('--reason <text>', 'why it cannot wait (an incident number)')
    .addHelpText(
      'after',
      `
Needs a user with the admin or approver role. The exception counts as approval at once, is flagged
wherever it does ("running under break-glass exception by …"), is notified to webhooks, and is
listed for review (evident list approvals --status exception-unreviewed) until someone else
approves or rejects it (evident approve|reject ID).
${example('  $ evident break-glass "$FP" --environment prod --reason "INC-4411: payments down"')}`,
    )
    .action(async (fingerprint: string, options: Record<string, unknown>) => {
      const { breakGlass } = await import('./commands/approvalCommands.ts');
      await breakGlass(fingerprint, options);
    });
  readOptions(existing(root, 'assert').command('approval <fingerprint>'))
    .description('Exit 0 if the artifact is approved into the environment now, else 3 with the reasons.')
    .requiredOption('--environment <environment>', 'the environment it is to run in')
    .addHelpText(
      'after',
      `
Under the approval rules of the environment's policies (at least one approval where they have
none); approvals of another fingerprint, rejected or expired ones do not count.
${example('  $ evident assert approval --environment prod "$FP"')}`,
    )
    .action(async (fingerprint: string, options: Record<string, unknown>) => {
      const { assertApproval } = await import('./commands/approvalGate.ts');
      process.exitCode = await assertApproval(fingerprint, options);
    });
}
