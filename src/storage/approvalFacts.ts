import type { Kysely, Transaction } from 'kysely';
import type { ApprovalFacts, ApprovalGrant } from '../core/compliance/approvalGrants.ts';
import type { Party } from '../core/model/approval.ts';
import { runningKey, type ReportedArtifact } from '../core/model/environment.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The approvals of each artifact into an environment, as the tables stand (in a projection: as of
 * the entry being projected; for a gate: now). Counted: `approve` decisions on requests not rejected,
 * and exceptions not rejected on review, in log order.
 *
 * `running` says the artifacts run there: each one's `since` is when its current run began (its
 * latest `started` line in the change log, unless a later `stopped` line ended that run — then it is
 * starting now). Otherwise, as for a gate's "if it ran there now", `since` is `at`.
 */
export async function approvalFacts(
  db: Db,
  org: string,
  environment: string,
  artifacts: readonly ReportedArtifact[],
  at: string,
  running: boolean,
): Promise<ApprovalFacts[]> {
  const fingerprints = [...new Set(artifacts.map((a) => a.fingerprint))];
  const grants = await grantsOf(db, org, environment, fingerprints);
  const started =
    running && grants.size > 0 ? await runsOf(db, org, environment, fingerprints) : new Map<string, string>();
  return artifacts.map((a) => ({
    since: started.get(runningKey(a)) ?? at,
    grants: grants.get(a.fingerprint) ?? [],
  }));
}

async function grantsOf(
  db: Db,
  org: string,
  environment: string,
  fingerprints: readonly string[],
): Promise<Map<string, ApprovalGrant[]>> {
  const found = new Map<string, (ApprovalGrant & { index: number })[]>();
  if (fingerprints.length === 0) return found;
  const decisions = await db
    .selectFrom('approval_decisions as d')
    .innerJoin('approvals as a', (j) => j.onRef('a.org', '=', 'd.org').onRef('a.id', '=', 'd.approval'))
    .select(['a.fingerprint', 'd.decided_by', 'd.at', 'd.idx'])
    .where('a.org', '=', org)
    .where('a.environment', '=', environment)
    .where('a.fingerprint', 'in', fingerprints)
    .where('a.kind', '=', 'request')
    .where('a.status', '<>', 'rejected')
    .where('d.decision', '=', 'approve')
    .execute();
  const exceptions = await db
    .selectFrom('approvals')
    .select(['fingerprint', 'requested_by', 'comment', 'created_at', 'id'])
    .where('org', '=', org)
    .where('environment', '=', environment)
    .where('fingerprint', 'in', fingerprints)
    .where('kind', '=', 'exception')
    .where('status', '<>', 'rejected')
    .execute();
  const add = (fingerprint: string, grant: ApprovalGrant & { index: number }) => {
    const list = found.get(fingerprint) ?? [];
    list.push(grant);
    found.set(fingerprint, list);
  };
  for (const d of decisions) add(d.fingerprint, { by: d.decided_by, at: d.at, index: d.idx });
  for (const e of exceptions) {
    const by = (JSON.parse(e.requested_by) as Party).name ?? '';
    add(e.fingerprint, { by, at: e.created_at, exception: e.comment ?? '', index: e.id });
  }
  for (const list of found.values()) list.sort((x, y) => x.index - y.index);
  return found;
}

/** When the current run of each artifact (name and fingerprint) began, for those that run. */
async function runsOf(
  db: Db,
  org: string,
  environment: string,
  fingerprints: readonly string[],
): Promise<Map<string, string>> {
  const lines = await db
    .selectFrom('environment_changes')
    .select(['name', 'fingerprint', 'kind', 'at'])
    .where('org', '=', org)
    .where('environment', '=', environment)
    .where('fingerprint', 'in', fingerprints)
    .where('kind', 'in', ['started', 'stopped'])
    .orderBy('idx', 'desc')
    .execute();
  const latest = new Map<string, { kind: string; at: string }>();
  for (const line of lines) {
    const key = runningKey(line);
    if (!latest.has(key)) latest.set(key, line);
  }
  return new Map([...latest].flatMap(([key, line]) => (line.kind === 'started' ? [[key, line.at]] : [])));
}
