import type { Kysely, Transaction } from 'kysely';
import { NO_APPROVALS } from '../core/compliance/approvalGrants.ts';
import type { ArtifactFacts, Provenance } from '../core/compliance/environmentCompliance.ts';
import type { ReportedArtifact } from '../core/model/environment.ts';
import { approvalFacts } from './approvalFacts.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What the policies of an environment look at for each running artifact: the trails that reported
 * its fingerprint (newest first) with their compliance and the latest attestation of each name that
 * applies to it — its own (by fingerprint or template name) and the trail's. With `approvals`, also
 * their approvals into the environment at that moment (see approvalFacts; only policies with an
 * approval rule need them).
 */
export async function artifactFacts(
  db: Db,
  org: string,
  environment: { name: string; type: string },
  running: readonly ReportedArtifact[],
  approvals?: { readonly at: string; readonly running: boolean },
): Promise<ArtifactFacts[]> {
  const fingerprints = [...new Set(running.map((a) => a.fingerprint))];
  const reports =
    fingerprints.length === 0
      ? []
      : await db
          .selectFrom('artifacts as a')
          .innerJoin('trails as t', (j) =>
            j.onRef('t.org', '=', 'a.org').onRef('t.flow', '=', 'a.flow').onRef('t.name', '=', 'a.trail'),
          )
          .innerJoin('flows as f', (j) => j.onRef('f.org', '=', 'a.org').onRef('f.name', '=', 'a.flow'))
          .select([
            'a.fingerprint',
            'a.flow',
            'a.trail',
            'a.name',
            'a.created_index',
            't.compliant',
            't.reasons',
            't.commit_sha',
            't.git',
            'f.description',
          ])
          .where('a.org', '=', org)
          .where('a.fingerprint', 'in', fingerprints)
          .orderBy('a.created_index', 'desc')
          .execute();
  const trails = [...new Set(reports.map((r) => `${r.flow}\u0000${r.trail}`))];
  const attestations =
    trails.length === 0
      ? []
      : await db
          .selectFrom('attestations')
          .select(['flow', 'trail', 'name', 'type', 'target_fingerprint', 'target_name', 'compliant', 'idx'])
          .where('org', '=', org)
          .where('flow', 'in', [...new Set(reports.map((r) => r.flow))])
          .where('trail', 'in', [...new Set(reports.map((r) => r.trail))])
          .execute();
  // Log order, sorted here: asked to ORDER BY idx, SQLite's planner scans every attestation of the
  // org through the primary key instead of seeking the trails' (bench queries-sqlite).
  attestations.sort((a, b) => a.idx - b.idx);
  const approved =
    approvals === undefined
      ? undefined
      : await approvalFacts(db, org, environment.name, running, approvals.at, approvals.running);
  return running.map((artifact, i) => ({
    artifact,
    environment,
    approvals: approved?.[i] ?? NO_APPROVALS,
    provenance: reports
      .filter((r) => r.fingerprint === artifact.fingerprint)
      .map((r): Provenance => {
        // The latest of each name wins (DESIGN §4); rows are in log order.
        const latest = new Map<string, { name: string; type: string; compliant: boolean }>();
        for (const a of attestations) {
          const applies =
            a.flow === r.flow &&
            a.trail === r.trail &&
            ((a.target_fingerprint === null && a.target_name === null) ||
              a.target_fingerprint === r.fingerprint ||
              a.target_name === r.name);
          if (applies) latest.set(a.name, { name: a.name, type: a.type, compliant: a.compliant === 1 });
        }
        const git = r.git === null ? null : (JSON.parse(r.git) as { branch?: string });
        return {
          flow: { name: r.flow, description: r.description },
          trail: {
            name: r.trail,
            compliant: r.compliant === 1,
            reasons: JSON.parse(r.reasons) as string[],
            commit: r.commit_sha,
            branch: git?.branch ?? null,
          },
          artifactName: r.name,
          attestations: [...latest.values()],
        };
      }),
  }));
}
