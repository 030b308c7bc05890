import type { Kysely } from 'kysely';
import type { Actor } from '../core/model/ledgerEvent.ts';
import type { RunFinding, VerificationRun } from '../core/model/verificationRun.ts';
import type { Database, VerificationRunTable } from './schema.ts';

/** The verification runs of each org, newest first, outside the ledger (issue #7). */
export class VerificationRunStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Where reads go (a separate read connection on SQLite); writes always use `db`. */
    private readonly reader: Kysely<Database> = db,
  ) {}

  /** Records a run of `org` and drops that org's runs beyond the newest `keep`. */
  async record(org: string, run: VerificationRun, keep: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('verification_runs')
        .values({
          id: run.id,
          org,
          started_at: run.startedAt,
          finished_at: run.finishedAt,
          ok: run.ok ? 1 : 0,
          size: run.size,
          root_hash: run.rootHash,
          finding_count: run.findingCount,
          findings: JSON.stringify(run.findings),
          actor: JSON.stringify(run.by),
        })
        .execute();
      await trx
        .deleteFrom('verification_runs')
        .where('org', '=', org)
        .where('id', 'not in', (eb) =>
          eb
            .selectFrom('verification_runs')
            .select('id')
            .where('org', '=', org)
            .orderBy('started_at', 'desc')
            .orderBy('id', 'desc')
            .limit(keep),
        )
        .execute();
    });
  }

  /** The newest `limit` runs of `org`, newest first. */
  async list(org: string, limit: number): Promise<VerificationRun[]> {
    const rows = await this.reader
      .selectFrom('verification_runs')
      .selectAll()
      .where('org', '=', org)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRun);
  }

  async latest(org: string): Promise<VerificationRun | undefined> {
    return (await this.list(org, 1))[0];
  }
}

function toRun(row: VerificationRunTable): VerificationRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    ok: row.ok === 1,
    size: row.size,
    rootHash: row.root_hash,
    findingCount: row.finding_count,
    findings: JSON.parse(row.findings) as RunFinding[],
    by: JSON.parse(row.actor) as Actor,
  };
}
