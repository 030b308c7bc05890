import { Option, type Command } from 'commander';
import { WEBHOOK_EVENTS, WEBHOOK_KINDS } from '../core/model/webhook.ts';
import { existing } from './environmentProgram.ts';
import { common, example } from './recordProgram.ts';

/**
 * Webhook notifications (issue #5 §5): `create webhook` and `delete webhook`; `list webhooks` and
 * `get deliveries` are kinds of the existing `list` and `get` (recordProgram.ts).
 */
export function registerWebhookCommands(root: Command): void {
  common(existing(root, 'create').command('webhook <name>'))
    .description('Create or update a webhook told about unauthorised changes (and break-glass exceptions).')
    .option(
      '--url <url>',
      'where to POST: http(s), no user or password (required to create; kept when left out)',
    )
    .addOption(
      new Option('--kind <kind>', 'generic: signed JSON; slack: a Slack incoming webhook').choices(
        WEBHOOK_KINDS,
      ),
    )
    .addOption(
      new Option('--event <event...>', 'what it is told about (default unauthorised_change)').choices(
        WEBHOOK_EVENTS,
      ),
    )
    .option('--environment <environment...>', 'only these environments (default: all)')
    .option('--secret <secret>', 'HMAC key of a generic webhook, 32-256 visible ASCII (default: generated)')
    .addHelpText(
      'after',
      `
A generic webhook signs every request (README "Webhooks"). A secret the server generates is printed
once, when the webhook is created: store it then. Only the URL's origin is ever shown again.
${example('  $ evident create webhook siem --url https://siem.example.com/evident --environment prod\n  $ evident create webhook ops --kind slack --url "$SLACK_WEBHOOK_URL" --event unauthorised_change break_glass')}`,
    )
    .action(async (name: string, options: Record<string, unknown>) => {
      const { createWebhook } = await import('./commands/webhookCommands.ts');
      await createWebhook(name, options);
    });

  const remove = root.command('delete').description('Delete things.');
  common(remove.command('webhook <name>'))
    .description('Delete a webhook: nothing more is sent to it, and its pending deliveries are cancelled.')
    .addHelpText('after', example('  $ evident delete webhook siem'))
    .action(async (name: string, options: Record<string, unknown>) => {
      const { deleteWebhook } = await import('./commands/webhookCommands.ts');
      await deleteWebhook(name, options);
    });
}
