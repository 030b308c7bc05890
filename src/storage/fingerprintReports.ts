import type { Kysely } from 'kysely';
import type { GitCommit } from '../core/model/trail.ts';
import type { Database } from './schema.ts';

/** One report of a fingerprint in a trail, with the trail's compliance and git commit. */
export interface FingerprintReport {
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  readonly commit: GitCommit | null;
}

/** The trails that reported a fingerprint, newest report first, at most `limit`. */
export async function fingerprintReports(
  db: Kysely<Database>,
  org: string,
  fingerprint: string,
  limit: number,
): Promise<FingerprintReport[]> {
  const rows = await db
    .selectFrom('artifacts as a')
    .innerJoin('trails as t', (j) =>
      j.onRef('t.org', '=', 'a.org').onRef('t.flow', '=', 'a.flow').onRef('t.name', '=', 'a.trail'),
    )
    .select(['a.flow', 'a.trail', 'a.name', 't.compliant', 't.reasons', 't.git'])
    .where('a.org', '=', org)
    .where('a.fingerprint', '=', fingerprint)
    .orderBy('a.created_index', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    flow: r.flow,
    trail: r.trail,
    name: r.name,
    compliant: r.compliant === 1,
    reasons: JSON.parse(r.reasons) as string[],
    commit: r.git === null ? null : (JSON.parse(r.git) as GitCommit),
  }));
}
