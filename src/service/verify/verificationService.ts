import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { EvidentError, isEvidentError, messageOf } from '../../core/errors.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { toHex } from '../../core/ledger/merkleHash.ts';
import { parseNote } from '../../core/ledger/signedNote.ts';
import type { Actor } from '../../core/model/ledgerEvent.ts';
import {
  VERIFICATION_FINDINGS_KEPT,
  VERIFICATION_RUNS_KEPT,
  type CheckpointStatus,
  type LogStatus,
  type RunFinding,
  type VerificationRun,
} from '../../core/model/verificationRun.ts';
import { FsBlobStore } from '../../storage/blobs/fsBlobStore.ts';
import type { LedgerStore } from '../../storage/ledgerStore.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { VerificationRunStore } from '../../storage/verificationRunStore.ts';
import type { TrustedCheckpoint } from './replayLog.ts';
import type { VerificationReport } from './verificationReport.ts';
import { originOf, verifyLedger } from './verifyLedger.ts';

export interface VerificationServiceOptions {
  readonly database: OpenDatabase;
  readonly ledger: LedgerStore;
  readonly vkeys: readonly string[];
  /** The evidence vault, re-hashed for the org's files. */
  readonly evidenceDir: string;
  /** Where the server mirrors each org's latest checkpoint (`<org>.checkpoint`), if it does. */
  readonly witnessDir?: string;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  /** Runs kept per org (default {@link VERIFICATION_RUNS_KEPT}). */
  readonly keep?: number;
}

/**
 * Verifications of one org's log run by the server on request, and their record (issue #7). A run is
 * the offline replay of `evident verify` limited to the org — its entries, tree nodes, checkpoints,
 * witness file, projection rows and evidence files — read in one snapshot. Its result is what this
 * server found; the record lives outside the ledger, newest runs only.
 */
export class VerificationService {
  private readonly runs: VerificationRunStore;
  /** Orgs being verified by this process, with the start time of their run. */
  private readonly running = new Map<string, string>();

  constructor(private readonly options: VerificationServiceOptions) {
    this.runs = new VerificationRunStore(options.database.db, options.database.reader);
  }

  async status(org: string): Promise<LogStatus> {
    const { ledger } = this.options;
    const [head, latest, lastVerification] = await Promise.all([
      ledger.head(org),
      ledger.latestCheckpoint(org),
      this.runs.latest(org),
    ]);
    if (head === undefined) throw new EvidentError('not_found', `organisation ${org} has no log`);
    return {
      org,
      size: head.size,
      rootHash: toHex(head.rootHash),
      checkpoint: latest === undefined ? null : checkpointStatus(latest),
      vkeys: this.options.vkeys,
      lastVerification: lastVerification ?? null,
    };
  }

  list(org: string, limit: number): Promise<VerificationRun[]> {
    return this.runs.list(org, limit);
  }

  /**
   * Verifies `org` now and records the run. One run per org at a time: a second one meanwhile is a
   * `conflict` — in this process, and with several processes on one PostgreSQL database too.
   */
  async run(org: string, by: Actor): Promise<VerificationRun> {
    const since = this.running.get(org);
    if (since !== undefined) throw alreadyRunning(org, since);
    const startedAt = new Date(this.options.now()).toISOString();
    this.running.set(org, startedAt);
    try {
      return await this.exclusive(org, () => this.verify(org, startedAt, by));
    } finally {
      this.running.delete(org);
    }
  }

  /**
   * Verifies, as the server itself, each org whose latest run (by anyone) started `everyMs` or more
   * ago, or that was never verified, one org at a time; the record of runs is what makes a run
   * "due", so restarts neither skip nor repeat one. An org being verified elsewhere is left to that
   * run. Answers the runs made, for the server's log.
   */
  async verifyDue(everyMs: number): Promise<{ org: string; run: VerificationRun }[]> {
    const done: { org: string; run: VerificationRun }[] = [];
    for await (const { org, last } of this.latestRuns()) {
      if (last !== undefined && this.options.now() - Date.parse(last.startedAt) < everyMs) continue;
      try {
        done.push({ org, run: await this.run(org, { type: 'system' }) });
      } catch (error) {
        if (!isEvidentError(error, 'conflict')) throw error;
      }
    }
    return done;
  }

  /** The orgs whose latest verification found problems, with that run: what a restart must not hide. */
  async failing(): Promise<{ org: string; run: VerificationRun }[]> {
    const failing: { org: string; run: VerificationRun }[] = [];
    for await (const { org, last } of this.latestRuns())
      if (last !== undefined && !last.ok) failing.push({ org, run: last });
    return failing;
  }

  /**
   * Every org with a log, with its latest verification run (undefined: never verified), each read
   * when it is reached: a long run of one org must not make the next org's record stale.
   */
  private async *latestRuns(): AsyncGenerator<{ org: string; last: VerificationRun | undefined }> {
    for (const org of await this.options.ledger.orgsWithLogs())
      yield { org, last: await this.runs.latest(org) };
  }

  private async verify(org: string, startedAt: string, by: Actor): Promise<VerificationRun> {
    const { now, randomBytes, vkeys, evidenceDir } = this.options;
    // Read before the snapshot is taken: the witness trails the log, so the snapshot can only be ahead.
    const external = this.witness(org);
    const source = await this.snapshotSource();
    let report: VerificationReport;
    try {
      report = await verifyLedger({
        database: source.database,
        vkeys,
        external,
        now,
        evidence: new FsBlobStore(evidenceDir),
        orgs: [org],
      });
    } finally {
      await source.close();
    }
    const summary = report.orgs.find((o) => o.org === org);
    const findings: RunFinding[] = report.findings
      .filter((f) => f.org === org)
      .slice(0, VERIFICATION_FINDINGS_KEPT)
      .map(({ kind, index, table, message }) => ({
        kind,
        ...(index !== undefined && { index }),
        ...(table !== undefined && { table }),
        message,
      }));
    const run: VerificationRun = {
      id: Buffer.from(randomBytes(16)).toString('hex'),
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      ok: report.ok,
      size: summary?.entries ?? 0,
      rootHash: summary?.rootHash ?? '',
      findingCount: report.findingCount,
      findings,
      by,
    };
    await this.runs.record(org, run, this.options.keep ?? VERIFICATION_RUNS_KEPT);
    return run;
  }

  /** The org's witness file, if the server keeps one (a checkpoint held outside the database). */
  private witness(org: string): TrustedCheckpoint[] {
    const { witnessDir } = this.options;
    if (witnessDir === undefined) return [];
    const file = join(witnessDir, `${org}.checkpoint`);
    if (!existsSync(file)) return [];
    // Named without the server's folder: the report goes to API clients.
    return [
      { note: readFileSync(file, 'utf8'), source: `the witness file ${org}.checkpoint`, supplied: false },
    ];
  }

  /**
   * The database to replay. On SQLite a read-only connection of its own: the replay is one long read
   * transaction, which on the shared connections would hold up every write (the writer) or every
   * query (the reader) until it ends. On PostgreSQL the pool serves it like any other transaction.
   */
  private async snapshotSource(): Promise<{ database: OpenDatabase; close: () => Promise<void> }> {
    const { database } = this.options;
    if (database.dialect === 'sqlite' && database.location !== ':memory:') {
      // For SQLite, `location` is the database file.
      const own = await openDatabase({ sqlitePath: database.location }, { readOnly: true });
      return { database: own, close: () => own.close() };
    }
    return { database, close: () => Promise.resolve() };
  }

  /**
   * Runs `work` while holding a PostgreSQL advisory lock of the org, so that server processes sharing
   * the database verify an org one at a time too. The lock is transaction-scoped: a crashed process
   * cannot leave it behind. SQLite databases belong to one process, whose `running` map suffices.
   */
  private async exclusive<T>(org: string, work: () => Promise<T>): Promise<T> {
    const { db, dialect } = this.options.database;
    if (dialect !== 'postgres') return work();
    return db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        got: boolean;
      }>`select pg_try_advisory_xact_lock(hashtextextended(${`evident.verify/${org}`}, 0)) as got`.execute(
        trx,
      );
      if (rows[0]?.got !== true) throw alreadyRunning(org, undefined);
      return work();
    });
  }
}

function alreadyRunning(org: string, since: string | undefined): EvidentError {
  return new EvidentError(
    'conflict',
    `a verification of ${org} is already running${since === undefined ? ' on another server process' : ` (since ${since})`}; its result will be listed when it finishes`,
  );
}

function checkpointStatus(stored: {
  note: string;
  size: number;
  rootHash: Uint8Array;
  createdAt: string;
}): CheckpointStatus {
  const { note, createdAt } = stored;
  try {
    const checkpoint = parseCheckpoint(parseNote(note).text);
    return {
      note,
      origin: checkpoint.origin,
      size: checkpoint.size,
      rootHash: toHex(checkpoint.rootHash),
      signedAt: createdAt,
    };
  } catch (error) {
    return {
      note,
      origin: originOf(note),
      size: stored.size,
      rootHash: toHex(stored.rootHash),
      signedAt: createdAt,
      problem: `the stored checkpoint note cannot be read: ${messageOf(error)}`,
    };
  }
}
