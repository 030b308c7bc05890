import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type {
  Approval,
  ApprovalChange,
  ApprovalDecision,
  ApprovalFilter,
  ApprovalKind,
  ApprovalStatus,
  Decision,
  Party,
} from '../core/model/approval.ts';
import type { ApprovalTable, Database } from './schema.ts';

/** What a list of approvals is narrowed to. */
export interface ApprovalQuery {
  readonly environment?: string;
  readonly fingerprint?: string;
  readonly status?: ApprovalFilter;
  /** Only ids below this (the cursor of the next page). */
  readonly before?: number;
  readonly limit: number;
}

/** Reads of requests, exceptions and their decisions (the projections of approvalProjection.ts). */
export class ApprovalStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** One request or exception, as of `now` (ISO instant: it decides whether a request is stale). */
  async approval(org: string, id: number, now: string): Promise<Approval | undefined> {
    const row = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('org', '=', org)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && (await this.withDecisions(org, [row], now))[0];
  }

  /** Newest first. */
  async list(org: string, query: ApprovalQuery, now: string): Promise<Approval[]> {
    let select = this.db.selectFrom('approvals').selectAll().where('org', '=', org);
    if (query.environment !== undefined) select = select.where('environment', '=', query.environment);
    if (query.fingerprint !== undefined) select = select.where('fingerprint', '=', query.fingerprint);
    if (query.before !== undefined) select = select.where('id', '<', query.before);
    const kind: ApprovalKind = query.status?.startsWith('exception') === true ? 'exception' : 'request';
    if (query.status !== undefined) select = select.where('kind', '=', kind);
    const open = stillOpen(now);
    switch (query.status) {
      case 'pending':
        select = select.where('status', '=', 'pending').where(open);
        break;
      case 'stale':
        select = select.where('status', '=', 'pending').where((eb) => eb.not(open(eb)));
        break;
      case 'approved':
      case 'rejected':
        select = select.where('status', '=', query.status);
        break;
      case 'decided':
      case 'exception-reviewed':
        select = select.where('status', 'in', ['approved', 'rejected']);
        break;
      case 'exception-unreviewed':
        select = select.where('status', '=', 'unreviewed');
        break;
      case 'exception':
      case undefined:
        break;
    }
    const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
    return this.withDecisions(org, rows, now);
  }

  /**
   * The request for this fingerprint into this environment that still stands — pending or approved,
   * not superseded, not past its deadline — if there is one.
   */
  async openRequest(
    org: string,
    environment: string,
    fingerprint: string,
    now: string,
  ): Promise<Approval | undefined> {
    const row = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('org', '=', org)
      .where('environment', '=', environment)
      .where('fingerprint', '=', fingerprint)
      .where('kind', '=', 'request')
      .where('status', 'in', ['pending', 'approved'])
      .where(stillOpen(now))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && (await this.withDecisions(org, [row], now))[0];
  }

  /** Approved requests of an environment, newest first: where a new change may start from. */
  async approvedIn(org: string, environment: string, limit: number): Promise<Approval[]> {
    return this.list(org, { environment, status: 'approved', limit }, '');
  }

  /** Exceptions recorded after ledger index `after`, oldest first (what is still to be notified). */
  async exceptionsAfter(org: string, after: number, limit: number): Promise<Approval[]> {
    const rows = await this.db
      .selectFrom('approvals')
      .selectAll()
      .where('org', '=', org)
      .where('kind', '=', 'exception')
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    return this.withDecisions(org, rows, '');
  }

  /** Whether an entry was appended with this Idempotency-Key (a retry is replayed, not re-judged). */
  async keyUsed(org: string, key: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('ledger_entries')
      .select('idx')
      .where('org', '=', org)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async withDecisions(
    org: string,
    rows: readonly Selectable<ApprovalTable>[],
    now: string,
  ): Promise<Approval[]> {
    const decisions =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('approval_decisions')
            .selectAll()
            .where('org', '=', org)
            .where(
              'approval',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('idx')
            .execute();
    return rows.map((row) =>
      toApproval(
        row,
        decisions
          .filter((d) => d.approval === row.id)
          .map((d) => ({
            index: d.idx,
            decision: d.decision as Decision,
            by: d.decided_by,
            comment: d.comment,
            at: d.at,
          })),
        now,
      ),
    );
  }
}

/** A request still taking decisions at `now`: not superseded, not past its deadline. */
function stillOpen(now: string) {
  return (eb: ExpressionBuilder<Database, 'approvals'>) =>
    eb.and([
      eb('superseded_by', 'is', null),
      eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]),
    ]);
}

function toApproval(row: Selectable<ApprovalTable>, decisions: ApprovalDecision[], now: string): Approval {
  const pending = row.status === 'pending';
  return {
    id: row.id,
    kind: row.kind as ApprovalKind,
    environment: row.environment,
    fingerprint: row.fingerprint,
    status: row.status as ApprovalStatus,
    requestedBy: JSON.parse(row.requested_by) as Party,
    comment: row.comment,
    required: row.required,
    expiresAt: row.expires_at,
    supersededBy: row.superseded_by,
    stale:
      pending &&
      (row.superseded_by !== null || (row.expires_at !== null && now !== '' && row.expires_at <= now)),
    change: row.change === null ? null : (JSON.parse(row.change) as ApprovalChange),
    decisions,
    createdAt: row.created_at,
  };
}
