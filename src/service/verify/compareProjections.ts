import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { Findings } from './verificationReport.ts';

/** Projection tables and their keys: each must equal a rebuild from the ledger (DESIGN §2). */
const PROJECTIONS = [
  { table: 'flows', key: ['name'] },
  { table: 'api_tokens', key: ['id'] },
  { table: 'users', key: ['username'] },
  { table: 'service_accounts', key: ['name'] },
  { table: 'trails', key: ['flow', 'name'] },
  { table: 'artifacts', key: ['flow', 'trail', 'fingerprint'] },
  { table: 'attestations', key: ['idx'] },
  { table: 'evidence', key: ['sha256'] },
  { table: 'custom_types', key: ['name', 'version'] },
  { table: 'environments', key: ['name'] },
  { table: 'policies', key: ['name', 'version'] },
  { table: 'snapshots', key: ['environment', 'number'] },
  { table: 'snapshot_artifacts', key: ['environment', 'number', 'name', 'fingerprint'] },
  { table: 'environment_states', key: ['environment', 'idx'] },
  { table: 'environment_changes', key: ['environment', 'idx', 'seq'] },
  { table: 'webhooks', key: ['name'] },
  { table: 'approvals', key: ['id'] },
  { table: 'approval_decisions', key: ['idx'] },
  { table: 'approval_attestations', key: ['idx', 'flow', 'trail'] },
] as const;

type Row = Record<string, unknown>;

/** Compares the live projections of `org` with ones rebuilt from its events, row by row. */
export async function compareProjections(
  live: Kysely<Database>,
  rebuilt: Kysely<Database>,
  org: string,
  findings: Findings,
): Promise<void> {
  for (const { table, key } of PROJECTIONS) {
    const [actual, expected] = await Promise.all([rowsOf(live, table, org), rowsOf(rebuilt, table, org)]);
    const keyOf = (row: Row) => key.map((k) => String(row[k])).join('/');
    const want = new Map(expected.map((r) => [keyOf(r), r]));
    for (const row of actual) {
      const k = keyOf(row);
      const other = want.get(k);
      want.delete(k);
      if (other === undefined)
        findings.add({
          org,
          kind: 'projection',
          table,
          message: `${table} row ${k} exists but no event created it`,
        });
      else {
        const diff = Object.keys(other).filter((c) => normalise(row[c]) !== normalise(other[c]));
        if (diff.length > 0) {
          findings.add({
            org,
            kind: 'projection',
            table,
            message: `${table} row ${k}: ${diff.map((c) => `${c} is ${normalise(row[c])}, the ledger says ${normalise(other[c])}`).join('; ')}`,
          });
        }
      }
    }
    for (const k of want.keys())
      findings.add({ org, kind: 'projection', table, message: `${table} row ${k} is missing` });
  }
}

async function rowsOf(
  db: Kysely<Database>,
  table: (typeof PROJECTIONS)[number]['table'],
  org: string,
): Promise<Row[]> {
  return db.selectFrom(table).selectAll().where('org', '=', org).execute();
}

function normalise(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}
