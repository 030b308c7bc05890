import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import { FLOW_SAVED } from '../core/model/flow.ts';
import { TOKEN_CREATED, TOKEN_REVOKED, type TokenOwner } from '../core/model/token.ts';
import { SERVICE_ACCOUNT_CREATED, USER_CREATED, USER_ROLE_CHANGED } from '../core/model/user.ts';
import { saveFlows } from '../storage/flowStore.ts';
import { revokeTokens, saveTokens } from '../storage/tokenStore.ts';
import { changeUserRoles, saveServiceAccounts, saveUsers } from '../storage/userStore.ts';
import { Projectors } from './projector.ts';
import { ATTESTATION_TYPE_DEFINED } from './attestationTypeService.ts';
import { saveCustomTypes } from '../storage/customTypeStore.ts';
import type { FlowTemplate } from '../core/model/template.ts';
import {
  ARTIFACT_REPORTED,
  ATTESTATION_RECORDED,
  EVIDENCE_STORED,
  TRAIL_SAVED,
} from '../core/model/trail.ts';
import {
  recomputeTrails,
  saveArtifact,
  saveAttestation,
  saveEvidence,
  saveTrail,
  type ArtifactReport,
  type AttestationRecord,
  type TrailSave,
} from '../storage/deliveryProjection.ts';

// Event data as the delivery service writes it (deliveryService.ts); the ledger was verified when
// it was written, so projectors trust its shape.
type TrailData = Omit<TrailSave, 'at' | 'index'>;
type ArtifactData = Omit<ArtifactReport, 'at' | 'index'>;
type EvidenceData = { sha256: string; size: number; mediaType: string };
type AttestationData = Omit<
  AttestationRecord,
  'at' | 'index' | 'targetFingerprint' | 'targetName' | 'compliant' | 'claimed' | 'summary' | 'reasons'
> & {
  target: { fingerprint: string } | { artifactName: string } | null;
  result: Pick<AttestationRecord, 'compliant' | 'claimed' | 'summary' | 'reasons'>;
};

/** Every projector of the domain, used by appends and by rebuilds alike. */
export function domainProjectors(): Projectors {
  return new Projectors()
    .register(FLOW_SAVED, (trx, org, events) =>
      saveFlows(
        trx,
        org,
        events.map((e) => ({
          name: str(e.data.name),
          description: str(e.data.description),
          ...('template' in e.data && { template: e.data.template as unknown as FlowTemplate | null }),
          at: e.at,
          index: e.index,
        })),
      ),
    )
    .register(TOKEN_CREATED, (trx, org, events) =>
      saveTokens(
        trx,
        org,
        events.map((e) => ({
          id: str(e.data.id),
          role: str(e.data.role),
          description: str(e.data.description),
          expiresAt: e.data.expiresAt === null ? null : str(e.data.expiresAt),
          owner: ownerOf(e.data.owner),
          at: e.at,
          index: e.index,
        })),
      ),
    )
    .register(TOKEN_REVOKED, (trx, org, events) =>
      revokeTokens(
        trx,
        org,
        events.map((e) => ({ id: str(e.data.id), at: e.at, index: e.index })),
      ),
    )
    .register(USER_CREATED, (trx, org, events) =>
      saveUsers(
        trx,
        org,
        events.map((e) => ({
          username: str(e.data.username),
          role: str(e.data.role),
          displayName: str(e.data.displayName),
          at: e.at,
          index: e.index,
        })),
      ),
    )
    .register(USER_ROLE_CHANGED, (trx, org, events) =>
      changeUserRoles(
        trx,
        org,
        events.map((e) => ({ username: str(e.data.username), role: str(e.data.role), index: e.index })),
      ),
    )
    .register(TRAIL_SAVED, async (trx, org, events) => {
      const trails = events.map((e) => ({ ...(e.data as unknown as TrailData), at: e.at, index: e.index }));
      for (const trail of trails) await saveTrail(trx, org, trail);
      await recomputeTrails(
        trx,
        org,
        trails.map((t) => [t.flow, t.name] as const),
      );
    })
    .register(ARTIFACT_REPORTED, async (trx, org, events) => {
      const artifacts = events.map((e) => ({
        ...(e.data as unknown as ArtifactData),
        at: e.at,
        index: e.index,
      }));
      for (const artifact of artifacts) await saveArtifact(trx, org, artifact);
      await recomputeTrails(
        trx,
        org,
        artifacts.map((a) => [a.flow, a.trail] as const),
      );
    })
    .register(ATTESTATION_RECORDED, async (trx, org, events) => {
      const records = events.map((e) => {
        const { target, result, ...rest } = e.data as unknown as AttestationData;
        return {
          ...rest,
          ...result,
          targetFingerprint: target !== null && 'fingerprint' in target ? target.fingerprint : null,
          targetName: target !== null && 'artifactName' in target ? target.artifactName : null,
          at: e.at,
          index: e.index,
        };
      });
      for (const record of records) await saveAttestation(trx, org, record);
      await recomputeTrails(
        trx,
        org,
        records.map((a) => [a.flow, a.trail] as const),
      );
    })
    .register(EVIDENCE_STORED, async (trx, org, events) => {
      for (const e of events) {
        await saveEvidence(trx, org, { ...(e.data as unknown as EvidenceData), at: e.at, index: e.index });
      }
    })
    .register(ATTESTATION_TYPE_DEFINED, (trx, org, events) =>
      saveCustomTypes(
        trx,
        org,
        events.map((e) => ({
          name: str(e.data.name),
          version: Number(e.data.version),
          source: str(e.data.source),
          at: e.at,
          index: e.index,
        })),
      ),
    )
    .register(SERVICE_ACCOUNT_CREATED, (trx, org, events) =>
      saveServiceAccounts(
        trx,
        org,
        events.map((e) => ({
          name: str(e.data.name),
          description: str(e.data.description),
          ...('template' in e.data && { template: e.data.template as unknown as FlowTemplate | null }),
          at: e.at,
          index: e.index,
        })),
      ),
    );
}

function str(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string in event data, got ${typeof value}`);
  return value;
}

/** Tokens recorded before owners existed (and bootstrap tokens) belong to the system. */
function ownerOf(value: JsonValue | undefined): TokenOwner {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'system' };
  const kind = value.kind;
  if (kind === 'user' || kind === 'service_account') return { kind, name: str(value.name) };
  return { kind: 'system' };
}
