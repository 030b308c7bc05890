import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EvidentError } from '../../core/errors.ts';
import { loadKeyRing } from '../../storage/keyFiles.ts';
import { openDatabase } from '../../storage/openDatabase.ts';
import { verifyLedger } from '../../service/verify/verifyLedger.ts';
import type { TrustedCheckpoint } from '../../service/verify/replayLog.ts';
import { EXIT } from '../exitCodes.ts';
import { existsSync, readdirSync } from 'node:fs';

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
  if ((databaseUrl === undefined || databaseUrl === '') && !existsSync(sqlitePath)) {
    throw new EvidentError(
      'bad_request',
      `no Evident database at ${sqlitePath}; pass --data-dir or --database-url`,
    );
  }
  const vkeys =
    list('vkey').length > 0 ? list('vkey') : loadKeyRing(single('keyDir') ?? join(dataDir, 'keys')).vkeys;
  if (vkeys.length === 0) throw new EvidentError('bad_request', 'no verifier keys: pass --vkey or --key-dir');
  const external: TrustedCheckpoint[] = [
    ...witnessFiles(join(dataDir, 'witness')),
    ...list('checkpoint').map((file) => ({ note: readFileSync(file, 'utf8'), source: file })),
  ];
  const database = await openDatabase(
    databaseUrl !== undefined && databaseUrl !== '' ? { postgresUrl: databaseUrl } : { sqlitePath },
  );
  try {
    const report = await verifyLedger({ database, vkeys, external, now: () => performance.now() });
    if (output === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      for (const org of report.orgs) {
        process.stdout.write(
          `${org.org}: ${org.entries} entries, ${org.checkpoints} checkpoints, root ${org.rootHash}\n`,
        );
      }
      for (const f of report.findings) {
        process.stdout.write(
          `TAMPERED ${f.org} [${f.kind}${f.table !== undefined ? ` ${f.table}` : ''}] ${f.message}\n`,
        );
      }
      process.stdout.write(
        report.ok
          ? `OK: ledger of ${database.location} verified in ${report.seconds.toFixed(2)} s\n`
          : `FAILED: ${report.findings.length} finding(s); the ledger at ${database.location} was altered\n`,
      );
    }
    return report.ok ? EXIT.ok : EXIT.verification;
  } finally {
    await database.close();
  }
}

function witnessFiles(dir: string): TrustedCheckpoint[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.checkpoint'))
    .map((f) => ({ note: readFileSync(join(dir, f), 'utf8'), source: join(dir, f) }));
}
