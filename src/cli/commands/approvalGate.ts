import type { ApprovalCheck } from '../../core/model/approval.ts';
import { checkSha256 } from '../../core/model/trail.ts';
import { EXIT } from '../exitCodes.ts';
import { emit } from '../output.ts';
import { clientOf } from './readCommands.ts';
import { required } from './recordCommands.ts';

/**
 * `evident assert approval --environment ENV FP`: is the artifact approved into the environment now,
 * under its policies' approval rules? Exit 0, or 3 with the reasons — a deploy gate. A break-glass
 * exception lets it through, and is printed.
 */
export async function assertApproval(fingerprint: string, options: Record<string, unknown>): Promise<number> {
  const hex = checkSha256(fingerprint);
  const environment = required(options, 'environment');
  const { settings, client, base } = clientOf(options);
  const { body } = await client.request(
    'GET',
    `${base}/environments/${encodeURIComponent(environment)}/approval?fingerprint=${hex}`,
  );
  const check = body as ApprovalCheck;
  const word = check.approved ? 'approved' : 'NOT approved';
  emit(settings.output, {
    json: body,
    title: `artifact ${hex} into ${environment}: ${settings.output === 'markdown' && !check.approved ? `**${word}**` : word}`,
    notes: [
      ...(check.approvers.length === 0 ? [] : [`approved by ${check.approvers.join(', ')}`]),
      ...check.notes.map((note) => `BREAK-GLASS: ${note}`),
    ],
    table: { headers: ['reason'], rows: check.reasons.map((reason) => [reason]) },
    empty: 'its approvals satisfy the policies',
  });
  return check.approved ? EXIT.ok : EXIT.assertion;
}
