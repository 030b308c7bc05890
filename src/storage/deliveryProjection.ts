import type { Transaction } from 'kysely';
import { trailCompliance } from '../core/compliance/trailCompliance.ts';
import { canonicalize, type JsonValue } from '../core/ledger/canonicalJson.ts';
import type { FlowTemplate } from '../core/model/template.ts';
import type { Artifact, Trail } from '../core/model/trail.ts';
import type { Database } from './schema.ts';

type Trx = Transaction<Database>;

const json = (value: unknown) => canonicalize(value);
const optionalJson = (value: unknown) => (value === undefined || value === null ? null : canonicalize(value));

/** A `trail.saved` event: the facts a trail carries, with the event's time and index. */
export type TrailSave = Pick<
  Trail,
  'flow' | 'name' | 'description' | 'commit' | 'originUrl' | 'userData' | 'template'
> & {
  readonly at: string;
  readonly index: number;
};

/**
 * Projects `trail.saved`: creates the trail or updates its facts, then recomputes its compliance.
 * A new trail without a template of its own takes a copy of its flow's template as it is then, so
 * later template changes apply to later trails only.
 */
export async function saveTrail(trx: Trx, org: string, t: TrailSave): Promise<void> {
  const own = optionalJson(t.template);
  const flow = await trx
    .selectFrom('flows')
    .select('template')
    .where('org', '=', org)
    .where('name', '=', t.flow)
    .executeTakeFirst();
  await trx
    .insertInto('trails')
    .values({
      org,
      flow: t.flow,
      name: t.name,
      description: t.description,
      commit_sha: t.commit?.sha ?? null,
      git: optionalJson(t.commit),
      origin_url: t.originUrl,
      user_data: optionalJson(t.userData),
      template: own ?? flow?.template ?? null,
      compliant: 0,
      reasons: '[]',
      created_at: t.at,
      updated_at: t.at,
      created_index: t.index,
      updated_index: t.index,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'flow', 'name']).doUpdateSet((eb) => ({
        description: eb.ref('excluded.description'),
        commit_sha: eb.ref('excluded.commit_sha'),
        git: eb.ref('excluded.git'),
        origin_url: eb.ref('excluded.origin_url'),
        user_data: eb.ref('excluded.user_data'),
        template: own ?? eb.ref('trails.template'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_index: eb.ref('excluded.updated_index'),
      })),
    )
    .execute();
}

/** An `artifact.reported` event: the artifact's facts, with the event's time and index. */
export type ArtifactReport = Pick<
  Artifact,
  'flow' | 'trail' | 'fingerprint' | 'name' | 'filename' | 'commit' | 'buildUrl' | 'repository'
> & {
  readonly at: string;
  readonly index: number;
};

/** Projects `artifact.reported` (a repeated report of the same fingerprint updates its facts). */
export async function saveArtifact(trx: Trx, org: string, a: ArtifactReport): Promise<void> {
  await trx
    .insertInto('artifacts')
    .values({
      org,
      flow: a.flow,
      trail: a.trail,
      fingerprint: a.fingerprint,
      name: a.name,
      filename: a.filename,
      commit_sha: a.commit,
      build_url: a.buildUrl,
      repository: a.repository,
      compliant: 0,
      reasons: '[]',
      created_at: a.at,
      created_index: a.index,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'flow', 'trail', 'fingerprint']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        filename: eb.ref('excluded.filename'),
        commit_sha: eb.ref('excluded.commit_sha'),
        build_url: eb.ref('excluded.build_url'),
        repository: eb.ref('excluded.repository'),
      })),
    )
    .execute();
}

export interface AttestationRecord {
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly type: string;
  readonly targetFingerprint: string | null;
  readonly targetName: string | null;
  readonly evidence: readonly { name: string; sha256: string }[];
  readonly data: JsonValue | null;
  readonly compliant: boolean;
  readonly claimed: boolean;
  readonly summary: JsonValue;
  readonly reasons: readonly string[];
  readonly at: string;
  readonly index: number;
}

/**
 * Projects `attestation.recorded` events, one multi-row insert per 1,000: every attestation is kept;
 * compliance uses the latest of each name.
 */
export async function saveAttestations(
  trx: Trx,
  org: string,
  records: readonly AttestationRecord[],
): Promise<void> {
  // 15 parameters a row: stays under both databases' bound-parameter limits.
  for (let i = 0; i < records.length; i += 1000) {
    await trx
      .insertInto('attestations')
      .values(
        records.slice(i, i + 1000).map((a) => ({
          org,
          idx: a.index,
          flow: a.flow,
          trail: a.trail,
          name: a.name,
          type: a.type,
          target_fingerprint: a.targetFingerprint,
          target_name: a.targetName,
          evidence: json(a.evidence),
          data: optionalJson(a.data),
          compliant: a.compliant ? 1 : 0,
          claimed: a.claimed ? 1 : 0,
          summary: json(a.summary),
          reasons: json(a.reasons),
          created_at: a.at,
        })),
      )
      .execute();
  }
}

/** Projects `evidence.stored`: the org may read the blob from now on. */
export async function saveEvidence(
  trx: Trx,
  org: string,
  e: { sha256: string; size: number; mediaType: string; at: string; index: number },
): Promise<void> {
  await trx
    .insertInto('evidence')
    .values({
      org,
      sha256: e.sha256,
      size: e.size,
      media_type: e.mediaType,
      created_at: e.at,
      created_index: e.index,
    })
    .onConflict((oc) => oc.columns(['org', 'sha256']).doNothing())
    .execute();
}

/**
 * Recomputes the compliance of trails and their artifacts from the projections (DESIGN §4), once
 * per trail after a run of events has been projected.
 */
export async function recomputeTrails(
  trx: Trx,
  org: string,
  trails: Iterable<readonly [string, string]>,
): Promise<void> {
  const seen = new Set<string>();
  for (const [flow, trail] of trails) {
    const key = JSON.stringify([flow, trail]);
    if (seen.has(key)) continue;
    seen.add(key);
    await recomputeTrail(trx, org, flow, trail);
  }
}

async function recomputeTrail(trx: Trx, org: string, flow: string, trail: string): Promise<void> {
  const row = await trx
    .selectFrom('trails')
    .select(['template', 'compliant', 'reasons'])
    .where('org', '=', org)
    .where('flow', '=', flow)
    .where('name', '=', trail)
    .executeTakeFirst();
  if (row === undefined) return;
  const template = row.template === null ? null : (JSON.parse(row.template) as FlowTemplate);
  const artifacts = await trx
    .selectFrom('artifacts')
    .select(['fingerprint', 'name', 'compliant', 'reasons'])
    .where('org', '=', org)
    .where('flow', '=', flow)
    .where('trail', '=', trail)
    .execute();
  // Only the latest attestation of each name and target can count: read just those.
  const latest = trx
    .selectFrom('attestations')
    .select((eb) => eb.fn.max('idx').as('idx'))
    .where('org', '=', org)
    .where('flow', '=', flow)
    .where('trail', '=', trail)
    .groupBy(['name', 'target_fingerprint', 'target_name']);
  const attestations = await trx
    .selectFrom('attestations')
    .select(['idx', 'name', 'type', 'target_fingerprint', 'target_name', 'compliant', 'reasons'])
    .where('org', '=', org)
    .where('idx', 'in', latest)
    .execute();
  const result = trailCompliance(
    template,
    artifacts,
    attestations.map((a) => ({
      index: a.idx,
      name: a.name,
      type: a.type,
      targetFingerprint: a.target_fingerprint,
      targetName: a.target_name,
      compliant: a.compliant === 1,
      reasons: JSON.parse(a.reasons) as string[],
    })),
  );
  // Rows are rewritten only when their verdict changed: a repeated passing run writes nothing.
  const changed = (
    was: { compliant: number; reasons: string },
    now: { compliant: boolean; reasons: readonly string[] },
  ) => was.compliant !== (now.compliant ? 1 : 0) || was.reasons !== json(now.reasons);
  if (changed(row, result.trail)) {
    await trx
      .updateTable('trails')
      .set({ compliant: result.trail.compliant ? 1 : 0, reasons: json(result.trail.reasons) })
      .where('org', '=', org)
      .where('flow', '=', flow)
      .where('name', '=', trail)
      .execute();
  }
  for (const [fingerprint, c] of result.artifacts) {
    const before = artifacts.find((a) => a.fingerprint === fingerprint);
    if (before !== undefined && !changed(before, c)) continue;
    await trx
      .updateTable('artifacts')
      .set({ compliant: c.compliant ? 1 : 0, reasons: json(c.reasons) })
      .where('org', '=', org)
      .where('flow', '=', flow)
      .where('trail', '=', trail)
      .where('fingerprint', '=', fingerprint)
      .execute();
  }
}
