import { parseNote, verifierFromVkey } from '../../core/ledger/signedNote.ts';
import { LedgerStore } from '../../storage/ledgerStore.ts';
import { openDatabase, type OpenDatabase } from '../../storage/openDatabase.ts';
import { ServerMetaStore } from '../../storage/orgStore.ts';
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
}

/**
 * The full offline replay of DESIGN §3: every org's log re-hashed and checked against its signed
 * checkpoints and any outside checkpoints, then projections rebuilt from the events and compared.
 */
export async function verifyLedger(options: VerifyOptions): Promise<VerificationReport> {
  const started = options.now();
  const { db, dialect } = options.database;
  const findings = new Findings();
  const store = new LedgerStore(db, dialect);
  const origin = (await new ServerMetaStore(db).get('origin')) ?? '';
  const verifiers = options.vkeys.map(verifierFromVkey);
  const orgs = await db.selectFrom('orgs').select(['name', 'created_at']).orderBy('name').execute();
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
    }
    const known = new Set(orgs.map((o) => `${origin}/${o.name}`));
    for (const c of options.external) {
      if (!known.has(originOf(c.note))) {
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
  return {
    ok: findings.list.length === 0,
    orgs: summaries,
    findings: findings.list,
    seconds: (options.now() - started) / 1000,
  };
}

function originOf(note: string): string {
  try {
    return parseNote(note).text.split('\n')[0] ?? '';
  } catch {
    return '';
  }
}
