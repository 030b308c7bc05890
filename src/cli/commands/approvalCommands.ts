import { EvidentError } from '../../core/errors.ts';
import type { Approval, Decision } from '../../core/model/approval.ts';
import { checkName } from '../../core/model/names.ts';
import { checkSha256 } from '../../core/model/trail.ts';
import { approvalState, approvalView, requester } from '../approvalText.ts';
import { shortFingerprint, shownInstant } from '../environmentText.ts';
import { emit } from '../output.ts';
import { clientOf } from './readCommands.ts';
import { recorder, required, text } from './recordCommands.ts';

type Options = Record<string, unknown>;

function idArgument(value: string): string {
  if (!/^[0-9]{1,15}$/.test(value))
    throw new EvidentError(
      'bad_request',
      `"${value}" is not an approval id (a number, as \`evident list approvals\` shows)`,
    );
  return value;
}

/**
 * Writes a request, a decision or an exception (POST), then shows the approval as it now stands:
 * a person reads what they are asked, with `next` saying what to do about it.
 */
async function writeApproval(
  options: Options,
  path: string,
  body: Record<string, unknown>,
  next?: (id: number) => string,
) {
  const { settings, recorder: r } = recorder(options);
  const result = (await r.write({ method: 'POST', path, body })) as
    { approval: Approval; receipt: unknown } | undefined;
  r.finish();
  if (result === undefined) return;
  const view = approvalView(result.approval);
  const open =
    result.receipt === null ? ['already asked: this open request stands, nothing new was recorded'] : [];
  emit(settings.output, {
    json: result,
    ...view,
    notes: [...open, ...(next === undefined ? [] : [next(result.approval.id)]), ...view.notes],
    empty: 'no commits known',
  });
}

/** `evident request approval --environment ENV --fingerprint FP [--comment C]` */
export async function requestApproval(options: Options): Promise<void> {
  const environment = checkName('environment', required(options, 'environment'));
  const fingerprint = checkSha256(required(options, 'fingerprint'));
  const comment = text(options, 'comment');
  await writeApproval(
    options,
    '/approvals',
    { environment, fingerprint, ...(comment !== undefined && { comment }) },
    (id) => `approvers decide with: evident approve ${id} | evident reject ${id} --comment WHY`,
  );
}

/** `evident approve ID [--comment C]` and `evident reject ID --comment C` (also reviews exceptions). */
export async function decide(id: string, decision: Decision, options: Options): Promise<void> {
  const comment = decision === 'reject' ? required(options, 'comment') : text(options, 'comment');
  await writeApproval(options, `/approvals/${idArgument(id)}/decisions`, {
    decision,
    ...(comment !== undefined && { comment }),
  });
}

/** `evident break-glass --environment ENV FP --reason WHY` */
export async function breakGlass(fingerprint: string, options: Options): Promise<void> {
  const environment = checkName('environment', required(options, 'environment'));
  await writeApproval(
    options,
    '/break-glass',
    { environment, fingerprint: checkSha256(fingerprint), reason: required(options, 'reason') },
    (id) =>
      `BREAK-GLASS: it may run in ${environment} without approval; it is flagged until reviewed (evident approve|reject ${id})`,
  );
}

/** `evident get approval ID`: what it lets in, the commits and their authors, the decisions so far. */
export async function showApproval(id: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const { body } = await client.request('GET', `${base}/approvals/${idArgument(id)}`);
  emit(settings.output, { json: body, ...approvalView(body as Approval), empty: 'no commits known' });
}

/** `evident list approvals [--environment ENV] [--status S] [--limit N]`, newest first. */
export async function listApprovals(options: Options): Promise<void> {
  const status = text(options, 'status'); // one of APPROVAL_FILTERS: commander checked it
  const limit = text(options, 'limit') ?? '100';
  if (!/^([1-9][0-9]{0,1}|[1-4][0-9]{2}|500)$/.test(limit))
    throw new EvidentError('bad_request', '--limit must be a whole number from 1 to 500');
  const query = new URLSearchParams({ limit });
  const environment = text(options, 'environment');
  if (environment !== undefined) query.set('environment', environment);
  if (status !== undefined) query.set('status', status);
  const { settings, client, base } = clientOf(options);
  const { approvals } = (await client.request('GET', `${base}/approvals?${query.toString()}`)).body as {
    approvals: Approval[];
  };
  emit(settings.output, {
    json: approvals,
    table: {
      headers: ['id', 'kind', 'environment', 'fingerprint', 'state', 'asked by', 'at', 'comment'],
      rows: approvals.map((a) => [
        String(a.id),
        a.kind,
        a.environment,
        shortFingerprint(a.fingerprint),
        approvalState(a),
        requester(a),
        shownInstant(a.createdAt),
        a.comment ?? '',
      ]),
    },
    empty: `no ${status ?? ''} approvals`.replace('  ', ' '),
  });
}
