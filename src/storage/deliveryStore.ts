import type { Kysely, Selectable } from 'kysely';
import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import type { FlowTemplate } from '../core/model/template.ts';
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
    const rows = await of('attestations').unionAll(of('approval_attestations')).orderBy('idx').execute();
    return rows.map(toAttestation);
  }

  async attestation(org: string, index: number): Promise<Attestation | undefined> {
    const row = await this.db
      .selectFrom('attestations')
      .selectAll()
      .where('org', '=', org)
      .where('idx', '=', index)
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

function toAttestation(row: Selectable<AttestationTable>): Attestation {
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
  };
}
