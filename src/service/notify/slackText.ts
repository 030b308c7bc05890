import type { WebhookPayload } from '../../core/model/webhook.ts';

/**
 * The one-line message a Slack incoming webhook posts. `&`, `<` and `>` are escaped as Slack's
 * formatting reference asks (https://api.slack.com/reference/surfaces/formatting#escaping), so an
 * artifact name cannot turn into a link or a mention.
 */
export function slackText(payload: WebhookPayload): string {
  if (payload.type === 'break_glass') {
    const { exception } = payload;
    return escape(
      `Break-glass in ${payload.environment} (${payload.org}): ${exception.by} let ` +
        `sha256:${exception.fingerprint.slice(0, 12)} in without approval — ${exception.reason}. ` +
        `Review it: evident approve|reject ${exception.id}`,
    );
  }
  const { change } = payload;
  const instances = `${change.instancesAfter} instance${change.instancesAfter === 1 ? '' : 's'}`;
  const reasons = change.reasons.length > 0 ? change.reasons.join('; ') : 'not authorised';
  return escape(
    `Unauthorised change in ${payload.environment} (${payload.org}): ${change.name} ` +
      `(sha256:${change.fingerprint.slice(0, 12)}) started with ${instances} — ${reasons}`,
  );
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
