import type { Kysely } from 'kysely';
import { EvidentError } from '../../core/errors.ts';
import { parseNote, verifierFromVkey } from '../../core/ledger/signedNote.ts';
import type { FsBlobStore } from '../../storage/blobs/fsBlobStore.ts';
import { LedgerStore } from '../../storage/ledgerStore.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
import type { Database } from '../../storage/schema.ts';
import { domainProjectors } from '../projections.ts';
import { compareProjections } from './compareProjections.ts';
import { replayLog, type TrustedCheckpoint } from './replayLog.ts';
import { Findings, type OrgSummary, type VerificationReport } from './verificationReport.ts';

export interface VerifyOptions {
  readonly database: OpenDatabase;
  /** Verifier keys trusted for checkpoints (C2SP vkey lines). */
  readonly vkeys: readonly string[];
  /** Checkpoints kept outside the database; each applies to the org its origin names. */
  readonly external: readonly TrustedCheckpoint[];
  readonly now: () => number;
  /** The evidence vault, to re-hash every stored file (DESIGN §3 "Verification"). */
  readonly evidence?: FsBlobStore;
  /**
   * Verify only these orgs: their logs, projection rows and evidence, and the outside checkpoints of
   * their logs (others are ignored; a supplied one of another log is bad input). Findings then name
   * only these orgs, so one tenant's verification never tells of another (DESIGN §3 "Per
   * organisation"). Default: every org of the database.
   */
  readonly orgs?: readonly string[];
}

/**
 * The full offline replay of DESIGN §3: every org's log re-hashed and checked against its signed
 * checkpoints and any outside checkpoints, then projections rebuilt from the events and compared.
 * Everything is read in one snapshot (a read transaction), so a server may keep writing meanwhile.
 */
export async function verifyLedger(options: VerifyOptions): Promise<VerificationReport> {
  const started = options.now();
  const { db, dialect } = options.database;
  const snapshot =
    dialect === 'postgres'
      ? db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only')
      : db.transaction();
  return snapshot.execute(async (trx) => {
    const findings = new Findings();
    const orgs = await replayAll(trx, options, findings);
    return {
      ok: findings.total === 0,
      orgs,
      findings: findings.list,
      findingCount: findings.total,
      seconds: (options.now() - started) / 1000,
    };
  });
}

async function replayAll(
  db: Kysely<Database>,
  options: VerifyOptions,
  findings: Findings,
): Promise<OrgSummary[]> {
  const store = new LedgerStore(db, options.database.dialect);
  const origin = (await new ServerMetaStore(db).get('origin')) ?? '';
  const verifiers = options.vkeys.map(verifierFromVkey);
  const orgs = await orgsToVerify(db, options.orgs, findings);
  const heads = new Set(await store.orgsWithLogs());
  const projectors = domainProjectors();
  const rebuild = await openDatabase({ sqlitePath: ':memory:' });
  const summaries: OrgSummary[] = [];
  try {
    for (const org of orgs) {
      if (!heads.has(org.name)) {
        findings.add({ org: org.name, kind: 'head', message: 'organisation has no tree head' });
        continue;
      }
      await rebuild.db.insertInto('orgs').values(org).execute();
      const logOrigin = `${origin}/${org.name}`;
      const summary = await rebuild.db.transaction().execute((trx) =>
        replayLog({
          store,
          org: org.name,
          origin: logOrigin,
          verifiers,
          external: options.external.filter((c) => originOf(c.note) === logOrigin),
          findings,
          onEvents: (events) => projectors.apply(trx, org.name, events),
        }),
      );
      summaries.push(summary);
      await compareProjections(db, rebuild.db, org.name, findings);
      if (options.evidence !== undefined)
        await rehashEvidence(rebuild.db, org.name, options.evidence, findings);
    }
    const known = new Set(orgs.map((o) => `${origin}/${o.name}`));
    for (const c of options.external) {
      if (!known.has(originOf(c.note))) {
        if (options.orgs !== undefined) {
          // Another log (another tenant's, or none): not this verification's business, unless the
          // caller handed it in.
          if (!c.supplied) continue;
          throw new EvidentError(
            'bad_request',
            `${c.source} is a checkpoint of "${originOf(c.note)}", not of the logs being verified`,
          );
        }
        if (c.supplied) {
          throw new EvidentError(
            'bad_request',
            `${c.source} is a checkpoint of "${originOf(c.note)}", a log this database does not hold`,
          );
        }
        findings.add({
          org: '?',
          kind: 'witness',
          message: `checkpoint from ${c.source} names log "${originOf(c.note)}", which this database does not hold`,
        });
      }
    }
  } finally {
    await rebuild.close();
  }
  return summaries;
}

/** The orgs to replay, by name; a named one that is missing is a finding (its row was removed). */
async function orgsToVerify(
  db: Kysely<Database>,
  only: readonly string[] | undefined,
  findings: Findings,
): Promise<{ name: string; created_at: string }[]> {
  if (only?.length === 0) return [];
  let query = db.selectFrom('orgs').select(['name', 'created_at']).orderBy('name');
  if (only !== undefined) query = query.where('name', 'in', only);
  const orgs = await query.execute();
  for (const name of only ?? []) {
    if (!orgs.some((o) => o.name === name))
      findings.add({ org: name, kind: 'head', message: 'the organisation is not in the database' });
  }
  return orgs;
}

/** Every file the org's log says it stored must still be in the vault, byte for byte. */
async function rehashEvidence(
  rebuilt: Kysely<Database>,
  org: string,
  vault: FsBlobStore,
  findings: Findings,
): Promise<void> {
  const files = await rebuilt
    .selectFrom('evidence')
    .select(['sha256', 'created_index'])
    .where('org', '=', org)
    .execute();
  for (const file of files) {
    const actual = await vault.rehash(file.sha256);
    if (actual !== file.sha256) {
      findings.add({
        org,
        kind: 'evidence',
        index: file.created_index,
        message:
          actual === undefined
            ? `evidence ${file.sha256} (stored by entry ${file.created_index}) is missing from the vault`
            : `evidence ${file.sha256} (stored by entry ${file.created_index}) now hashes to ${actual}`,
      });
    }
  }
}

/** The origin line of a checkpoint note ("" if it is not a note). */
export function originOf(note: string): string {
  try {
    return parseNote(note).text.split('\n')[0] ?? '';
  } catch {
    return '';
  }
}
