import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { openNote, verifierFromVkey } from '../../core/ledger/signedNote.ts';
import { FsBlobStore } from '../../storage/blobs/fsBlobStore.ts';
import { loadKeyRing } from '../../storage/keyFiles.ts';
import { openDatabase } from '../../storage/openDatabase.ts';
import type { TrustedCheckpoint } from '../../service/verify/replayLog.ts';
import type { VerificationReport } from '../../service/verify/verificationReport.ts';
import { verifyLedger } from '../../service/verify/verifyLedger.ts';
import { EXIT } from '../exitCodes.ts';

/** `evident verify`: the offline replay; exit 0 when intact, 5 with a report when not. */
export async function verifyCommand(options: Record<string, string | string[] | undefined>): Promise<number> {
  const single = (name: string) => (typeof options[name] === 'string' ? options[name] : undefined);
  const list = (name: string) => {
    const value = options[name];
    return Array.isArray(value) ? value : [];
  };
  const output = single('output') ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new EvidentError('bad_request', '--output must be text or json');
  const dataDir = resolve(single('dataDir') ?? './evident-data');
  const databaseUrl = single('databaseUrl');
  const sqlitePath = join(dataDir, 'evident.db');
  const usePostgres = databaseUrl !== undefined && databaseUrl !== '';
  if (!usePostgres && !existsSync(sqlitePath)) {
    throw new EvidentError(
      'bad_request',
      `no Evident database at ${sqlitePath}; pass --data-dir or --database-url`,
    );
  }
  const vkeys =
    list('vkey').length > 0 ? list('vkey') : loadKeyRing(single('keyDir') ?? join(dataDir, 'keys')).vkeys;
  if (vkeys.length === 0) throw new EvidentError('bad_request', 'no verifier keys: pass --vkey or --key-dir');
  // Outside checkpoints are read before the database snapshot is taken, so a running server can only
  // have moved past them, never behind.
  const external: TrustedCheckpoint[] = [
    ...witnessFiles(single('witnessDir') ?? join(dataDir, 'witness')),
    ...list('checkpoint').map((file) => suppliedCheckpoint(file, vkeys)),
  ];
  const database = await openDatabase(usePostgres ? { postgresUrl: databaseUrl } : { sqlitePath }, {
    readOnly: true,
  });
  try {
    const evidenceDir = single('evidenceDir') ?? join(dataDir, 'evidence');
    const report = await verifyLedger({
      database,
      vkeys,
      external,
      now: () => performance.now(),
      evidence: new FsBlobStore(evidenceDir),
    });
    process.stdout.write(
      output === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : textReport(report, external, database.location),
    );
    return report.ok ? EXIT.ok : EXIT.verification;
  } finally {
    await database.close();
  }
}

function textReport(
  report: VerificationReport,
  external: readonly TrustedCheckpoint[],
  location: string,
): string {
  const lines = report.orgs.map(
    (org) => `${org.org}: ${org.entries} entries, ${org.checkpoints} checkpoints, root ${org.rootHash}`,
  );
  for (const c of external) {
    const checkpoint = safeSize(c.note);
    lines.push(`checked ${c.supplied ? 'checkpoint' : 'witness'} ${c.source}${checkpoint}`);
  }
  for (const f of report.findings) {
    lines.push(`TAMPERED ${f.org} [${f.kind}${f.table !== undefined ? ` ${f.table}` : ''}] ${f.message}`);
  }
  lines.push(
    report.ok
      ? `OK: ledger of ${location} verified in ${report.seconds.toFixed(2)} s`
      : `FAILED: ${report.findingCount} problem(s) found (${report.findings.length} listed); the ledger at ${location} was altered`,
  );
  return `${lines.join('\n')}\n`;
}

function safeSize(note: string): string {
  try {
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    return ` (size ${parseCheckpoint(text).size})`;
  } catch {
    return '';
  }
}

/** An auditor's checkpoint file: it must be readable and signed by a trusted key, or it is bad input. */
function suppliedCheckpoint(file: string, vkeys: readonly string[]): TrustedCheckpoint {
  let note: string;
  try {
    note = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvidentError('bad_request', `cannot read --checkpoint ${file}: ${messageOf(error)}`);
  }
  try {
    parseCheckpoint(openNote(note, vkeys.map(verifierFromVkey)).text);
  } catch (error) {
    throw new EvidentError(
      'bad_request',
      `--checkpoint ${file} is not a checkpoint signed by a trusted key: ${messageOf(error)}`,
    );
  }
  return { note, source: file, supplied: true };
}

function witnessFiles(dir: string): TrustedCheckpoint[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.checkpoint'))
    .map((f) => ({ note: readFileSync(join(dir, f), 'utf8'), source: join(dir, f), supplied: false }));
}
