import type { Transaction } from 'kysely';
import { canonicalize } from '../core/ledger/canonicalJson.ts';
import type { ApprovalChange, ChangeArtifact, Decision, Party } from '../core/model/approval.ts';
import { reevaluateWhereRunning } from './environmentProjection.ts';
import type { ApprovalTable, Database } from './schema.ts';

type Trx = Transaction<Database>;
type Placed<T> = T & { readonly at: string; readonly index: number };

/** An `approval.requested` event, with the party its actor stands for. */
export interface RequestRecord {
  readonly environment: string;
  readonly fingerprint: string;
  readonly comment: string | null;
  readonly required: number;
  readonly expiresAfterHours: number | null;
  readonly change: ApprovalChange;
  readonly requestedBy: Party;
}

/**
 * Projects `approval.requested`. Pending requests in the environment for another build of the same
 * artifact (same flow and name, another fingerprint) are superseded by it: the artifact changed, so
 * what they describe is stale.
 */
export async function saveApprovalRequest(trx: Trx, org: string, r: Placed<RequestRecord>): Promise<void> {
  const expiresAt =
    r.expiresAfterHours === null
      ? null
      : new Date(Date.parse(r.at) + r.expiresAfterHours * 3600_000).toISOString();
  await insertApproval(trx, org, r, {
    kind: 'request',
    fingerprint: r.fingerprint,
    status: 'pending',
    requested_by: canonicalize(r.requestedBy),
    comment: r.comment,
    required: r.required,
    expires_at: expiresAt,
    change: canonicalize(r.change),
  });
  const same = new Set(r.change.artifacts.map(artifactKey));
  const open = await trx
    .selectFrom('approvals')
    .select(['id', 'change'])
    .where('org', '=', org)
    .where('environment', '=', r.environment)
    .where('kind', '=', 'request')
    .where('status', '=', 'pending')
    .where('superseded_by', 'is', null)
    .where('fingerprint', '<>', r.fingerprint)
    .execute();
  const stale = open
    .filter((o) =>
      (JSON.parse(o.change ?? 'null') as ApprovalChange | null)?.artifacts.some((a) =>
        same.has(artifactKey(a)),
      ),
    )
    .map((o) => o.id);
  if (stale.length > 0)
    await trx
      .updateTable('approvals')
      .set({ superseded_by: r.index, updated_at: r.at, updated_index: r.index })
      .where('org', '=', org)
      .where('id', 'in', stale)
      .execute();
}

/** Projects `approval.exception`: it counts as an approval at once, so what runs is judged again. */
export async function saveApprovalException(
  trx: Trx,
  org: string,
  e: Placed<{ environment: string; fingerprint: string; reason: string; user: string }>,
): Promise<void> {
  const row = await insertApproval(trx, org, e, {
    kind: 'exception',
    fingerprint: e.fingerprint,
    status: 'unreviewed',
    requested_by: canonicalize({ kind: 'user', name: e.user } satisfies Party),
    comment: e.reason,
    required: 1,
    expires_at: null,
    change: null,
  });
  await attest(trx, org, row, { decision: null, by: e.user, comment: e.reason }, e);
  await rejudge(trx, org, row, e);
}

/**
 * Projects `approval.decided` and `approval.exception_reviewed`. A request is approved once enough
 * distinct people approved it, and rejected by any rejection; an exception takes its review's
 * decision. Environments running the fingerprint are judged again.
 */
export async function saveApprovalDecision(
  trx: Trx,
  org: string,
  d: Placed<{ approval: number; decision: Decision; comment: string | null; user: string }>,
): Promise<void> {
  const row = await trx
    .selectFrom('approvals')
    .selectAll()
    .where('org', '=', org)
    .where('id', '=', d.approval)
    .executeTakeFirst();
  if (row === undefined) return;
  await trx
    .insertInto('approval_decisions')
    .values({
      org,
      idx: d.index,
      approval: d.approval,
      decision: d.decision,
      decided_by: d.user,
      comment: d.comment,
      at: d.at,
    })
    .execute();
  const status = row.kind === 'exception' ? reviewed(d.decision) : await requestStatus(trx, org, row);
  await trx
    .updateTable('approvals')
    .set({ status, updated_at: d.at, updated_index: d.index })
    .where('org', '=', org)
    .where('id', '=', row.id)
    .execute();
  await attest(trx, org, row, { decision: d.decision, by: d.user, comment: d.comment }, d);
  await rejudge(trx, org, row, d);
}

const reviewed = (decision: Decision) => (decision === 'approve' ? 'approved' : 'rejected');

async function requestStatus(trx: Trx, org: string, row: ApprovalTable): Promise<string> {
  const decisions = await trx
    .selectFrom('approval_decisions')
    .select(['decision', 'decided_by'])
    .where('org', '=', org)
    .where('approval', '=', row.id)
    .execute();
  if (decisions.some((x) => x.decision === 'reject')) return 'rejected';
  const approvers = new Set(decisions.map((x) => x.decided_by));
  return approvers.size >= row.required ? 'approved' : 'pending';
}

type NewApproval = Pick<
  ApprovalTable,
  'kind' | 'fingerprint' | 'status' | 'requested_by' | 'comment' | 'required' | 'expires_at' | 'change'
>;

async function insertApproval(
  trx: Trx,
  org: string,
  e: Placed<{ environment: string }>,
  values: NewApproval,
): Promise<ApprovalTable> {
  const row: ApprovalTable = {
    org,
    id: e.index,
    environment: e.environment,
    superseded_by: null,
    created_at: e.at,
    updated_at: e.at,
    updated_index: e.index,
    ...values,
  };
  await trx.insertInto('approvals').values(row).execute();
  return row;
}

/**
 * The decision (or exception) as an `approval` attestation of the fingerprint on every trail that
 * had reported it, so trail and artifact pages and audit packages show it with everything else.
 */
async function attest(
  trx: Trx,
  org: string,
  approval: ApprovalTable,
  what: { decision: Decision | null; by: string; comment: string | null },
  when: { at: string; index: number },
  only?: { flow: string; trail: string },
): Promise<void> {
  const trails =
    only !== undefined
      ? [only]
      : await trx
          .selectFrom('artifacts')
          .select(['flow', 'trail'])
          .where('org', '=', org)
          .where('fingerprint', '=', approval.fingerprint)
          .execute();
  if (trails.length === 0) return;
  const kind = what.decision === null ? 'exception' : approval.kind === 'exception' ? 'review' : 'decision';
  const rejected = what.decision === 'reject';
  await trx
    .insertInto('approval_attestations')
    .values(
      trails.map((t) => ({
        org,
        idx: when.index,
        flow: t.flow,
        trail: t.trail,
        name: `approval-${approval.environment}`,
        type: 'approval',
        target_fingerprint: approval.fingerprint,
        target_name: null,
        evidence: '[]',
        data: canonicalize({
          approval: approval.id,
          kind,
          environment: approval.environment,
          decision: what.decision,
          by: what.by,
          comment: what.comment,
        }),
        compliant: rejected ? 0 : 1,
        claimed: 0,
        summary: canonicalize({
          environment: approval.environment,
          kind,
          decision: what.decision,
          by: what.by,
        }),
        reasons: canonicalize(rejected ? [`rejected by ${what.by}: ${what.comment ?? ''}`] : []),
        created_at: when.at,
      })),
    )
    .execute();
}

/**
 * A trail that reports a fingerprint after decisions were taken on it gets them as `approval`
 * attestations too (those it does not have yet), so every trail that built it shows them.
 */
export async function attestEarlierApprovals(
  trx: Trx,
  org: string,
  report: { flow: string; trail: string; fingerprint: string },
): Promise<void> {
  const approvals = await trx
    .selectFrom('approvals')
    .selectAll()
    .where('org', '=', org)
    .where('fingerprint', '=', report.fingerprint)
    .orderBy('id')
    .execute();
  if (approvals.length === 0) return;
  const has = new Set(
    (
      await trx
        .selectFrom('approval_attestations')
        .select('idx')
        .where('org', '=', org)
        .where('flow', '=', report.flow)
        .where('trail', '=', report.trail)
        .execute()
    ).map((r) => r.idx),
  );
  const only = { flow: report.flow, trail: report.trail };
  for (const approval of approvals) {
    if (approval.kind === 'exception' && !has.has(approval.id)) {
      const by = (JSON.parse(approval.requested_by) as Party).name ?? '';
      const what = { decision: null, by, comment: approval.comment };
      await attest(trx, org, approval, what, { at: approval.created_at, index: approval.id }, only);
    }
    const decisions = await trx
      .selectFrom('approval_decisions')
      .selectAll()
      .where('org', '=', org)
      .where('approval', '=', approval.id)
      .orderBy('idx')
      .execute();
    for (const d of decisions.filter((d) => !has.has(d.idx))) {
      const what = { decision: d.decision as Decision, by: d.decided_by, comment: d.comment };
      await attest(trx, org, approval, what, { at: d.at, index: d.idx }, only);
    }
  }
}

/** The environment is judged again when its current snapshot runs the fingerprint. */
function rejudge(trx: Trx, org: string, approval: ApprovalTable, when: { at: string; index: number }) {
  return reevaluateWhereRunning(trx, org, [approval.fingerprint], when, approval.environment);
}

function artifactKey(a: Pick<ChangeArtifact, 'flow' | 'name'>): string {
  return `${a.flow}\u0000${a.name}`;
}
