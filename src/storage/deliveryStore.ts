import { sql, type Kysely, type Selectable } from 'kysely';
import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import type { FlowTemplate } from '../core/model/template.ts';
import type { Actor } from '../core/model/actor.ts';
import { RECENT_TRAILS, type FlowTrails } from '../core/model/flow.ts';
import type { Artifact, Attestation, GitCommit, Trail } from '../core/model/trail.ts';
import type { ArtifactTable, AttestationTable, Database, TrailTable } from './schema.ts';
import { hexPrefixRange } from './textMatch.ts';

/** Reads of trails, artifacts, attestations and evidence (the projections of deliveryProjection.ts). */
export class DeliveryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async trail(org: string, flow: string, name: string): Promise<Trail | undefined> {
    const row = await this.db
      .selectFrom('trails')
      .selectAll()
      .where('org', '=', org)
      .where('flow', '=', flow)
      .where('name', '=', name)
      .executeTakeFirst();
    return row && toTrail(row);
  }

  /** Trails of a flow, newest first, before the `before` cursor (a creation index). */
  async trails(org: string, flow: string, before: number | undefined, limit: number): Promise<Trail[]> {
    let query = this.db.selectFrom('trails').selectAll().where('org', '=', org).where('flow', '=', flow);
    if (before !== undefined) query = query.where('created_index', '<', before);
    return (await query.orderBy('created_index', 'desc').limit(limit).execute()).map(toTrail);
  }

  /**
   * How the trails of each of `flows` stand, in one query for all of them: window functions
   * (SQL:2003; SQLite 3.25+, PostgreSQL) count each flow's trails and rank them newest first, and
   * only the newest RECENT_TRAILS rows of each flow are read. A flow without trails has zero counts.
   */
  async flowTrails(org: string, flows: readonly string[]): Promise<Map<string, FlowTrails>> {
    const found = new Map<string, { -readonly [K in keyof FlowTrails]: FlowTrails[K] }>();
    if (flows.length === 0) return found;
    const ranked = this.db
      .selectFrom('trails')
      .selectAll()
      .select([
        sql<number>`row_number() over (partition by flow order by created_index desc)`.as('rank'),
        // PostgreSQL answers count and sum as bigint, which its driver gives as text.
        sql<number | string>`count(*) over (partition by flow)`.as('total'),
        sql<number | string>`sum(compliant) over (partition by flow)`.as('good'),
      ])
      .where('org', '=', org)
      .where('flow', 'in', flows)
      .as('ranked');
    const rows = await this.db
      .selectFrom(ranked)
      .selectAll()
      .where('rank', '<=', RECENT_TRAILS)
      .orderBy('flow')
      .orderBy('rank')
      .execute();
    for (const row of rows) {
      const recent = { name: row.name, compliant: row.compliant === 1 };
      const known = found.get(row.flow);
      if (known !== undefined) {
        known.recent = [...known.recent, recent];
        continue;
      }
      const count = Number(row.total);
      const compliant = Number(row.good);
      found.set(row.flow, {
        count,
        compliant,
        nonCompliant: count - compliant,
        latest: toTrail(row),
        recent: [recent],
      });
    }
    for (const flow of flows)
      if (!found.has(flow))
        found.set(flow, { count: 0, compliant: 0, nonCompliant: 0, latest: null, recent: [] });
    return found;
  }

  async artifactsOfTrail(org: string, flow: string, trail: string): Promise<Artifact[]> {
    const rows = await this.db
      .selectFrom('artifacts')
      .selectAll()
      .where('org', '=', org)
      .where('flow', '=', flow)
      .where('trail', '=', trail)
      .orderBy('created_index')
      .execute();
    return rows.map(toArtifact);
  }

  /** Every report of a fingerprint, in every flow and trail, oldest first. */
  async artifactReports(org: string, fingerprint: string): Promise<Artifact[]> {
    const rows = await this.db
      .selectFrom('artifacts')
      .selectAll()
      .where('org', '=', org)
      .where('fingerprint', '=', fingerprint)
      .orderBy('created_index')
      .execute();
    return rows.map(toArtifact);
  }

  /**
   * All attestations of a trail, oldest first (earlier ones of a name stay visible), with the
   * `approval` attestations that approval decisions and exceptions put on it (issue #6; kept in
   * their own table because one decision attests on every trail that reported the fingerprint).
   */
  async attestationsOfTrail(org: string, flow: string, trail: string): Promise<Attestation[]> {
    const of = (table: 'attestations' | 'approval_attestations') =>
      this.db
        .selectFrom(table)
        .select(ATTESTATION_COLUMNS)
        .where('org', '=', org)
        .where('flow', '=', flow)
        .where('trail', '=', trail);
    const rows = await this.db
      .selectFrom(of('attestations').unionAll(of('approval_attestations')).as('a'))
      .innerJoin('ledger_entries as e', (join) =>
        join.onRef('e.org', '=', 'a.org').onRef('e.idx', '=', 'a.idx'),
      )
      .selectAll('a')
      .select('e.entry')
      .orderBy('a.idx')
      .execute();
    return rows.map(toAttestation);
  }

  async attestation(org: string, index: number): Promise<Attestation | undefined> {
    const row = await this.db
      .selectFrom('attestations as a')
      .innerJoin('ledger_entries as e', (join) =>
        join.onRef('e.org', '=', 'a.org').onRef('e.idx', '=', 'a.idx'),
      )
      .selectAll('a')
      .select('e.entry')
      .where('a.org', '=', org)
      .where('a.idx', '=', index)
      .executeTakeFirst();
    return row && toAttestation(row);
  }

  async hasEvidence(org: string, sha256: string): Promise<{ size: number; mediaType: string } | undefined> {
    const row = await this.db
      .selectFrom('evidence')
      .select(['size', 'media_type'])
      .where('org', '=', org)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row && { size: row.size, mediaType: row.media_type };
  }

  /** Fingerprints, commits and evidence digests that start with `prefix` (lowercase hex). */
  async search(org: string, prefix: string, limit: number) {
    const [low, high] = hexPrefixRange(prefix);
    const artifacts = await this.db
      .selectFrom('artifacts')
      .selectAll()
      .where('org', '=', org)
      .where('fingerprint', '>=', low)
      .where('fingerprint', '<', high)
      .orderBy('created_index', 'desc')
      .limit(limit)
      .execute();
    const trails = await this.db
      .selectFrom('trails')
      .selectAll()
      .where('org', '=', org)
      .where('commit_sha', '>=', low)
      .where('commit_sha', '<', high)
      .orderBy('created_index', 'desc')
      .limit(limit)
      .execute();
    const evidence = await this.db
      .selectFrom('evidence')
      .select(['sha256', 'size', 'media_type', 'created_at'])
      .where('org', '=', org)
      .where('sha256', '>=', low)
      .where('sha256', '<', high)
      .orderBy('created_index', 'desc')
      .limit(limit)
      .execute();
    return {
      artifacts: artifacts.map(toArtifact),
      trails: trails.map(toTrail),
      evidence: evidence.map((e) => ({
        sha256: e.sha256,
        size: e.size,
        mediaType: e.media_type,
        createdAt: e.created_at,
      })),
    };
  }
}

/** Named, so that a union of the two attestation tables lines columns up by name, not position. */
const ATTESTATION_COLUMNS = [
  'org',
  'idx',
  'flow',
  'trail',
  'name',
  'type',
  'target_fingerprint',
  'target_name',
  'evidence',
  'data',
  'compliant',
  'claimed',
  'summary',
  'reasons',
  'created_at',
] as const;

function parse(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function toTrail(row: Selectable<TrailTable>): Trail {
  return {
    flow: row.flow,
    name: row.name,
    description: row.description,
    commit: parse(row.git) as GitCommit | null,
    originUrl: row.origin_url,
    userData: parse(row.user_data) as JsonValue | null,
    template: parse(row.template) as FlowTemplate | null,
    compliant: row.compliant === 1,
    reasons: JSON.parse(row.reasons) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdIndex: row.created_index,
  };
}

function toArtifact(row: Selectable<ArtifactTable>): Artifact {
  return {
    flow: row.flow,
    trail: row.trail,
    fingerprint: row.fingerprint,
    name: row.name,
    filename: row.filename,
    commit: row.commit_sha,
    buildUrl: row.build_url,
    repository: row.repository,
    compliant: row.compliant === 1,
    reasons: JSON.parse(row.reasons) as string[],
    createdAt: row.created_at,
    createdIndex: row.created_index,
  };
}

const entryText = new TextDecoder();

/**
 * Who recorded an attestation is the actor of its own ledger entry (the row's `idx`), read in the
 * same query by primary key rather than copied into the projection: a copy would need a migration
 * that backfills it from the log and, for the approval attestations a later trail inherits
 * (approvalProjection.ts), the actor of the decision kept in two more tables — for a read that is
 * already bounded by one trail.
 */
function toAttestation(row: Selectable<AttestationTable> & { entry: Uint8Array }): Attestation {
  const target =
    row.target_fingerprint !== null
      ? { fingerprint: row.target_fingerprint }
      : row.target_name !== null
        ? { artifactName: row.target_name }
        : null;
  return {
    index: row.idx,
    flow: row.flow,
    trail: row.trail,
    name: row.name,
    type: row.type,
    target,
    evidence: JSON.parse(row.evidence) as { name: string; sha256: string }[],
    data: parse(row.data) as JsonValue | null,
    compliant: row.compliant === 1,
    claimed: row.claimed === 1,
    summary: JSON.parse(row.summary) as JsonValue,
    reasons: JSON.parse(row.reasons) as string[],
    createdAt: row.created_at,
    recordedBy: (JSON.parse(entryText.decode(row.entry)) as { actor: Actor }).actor,
  };
}
