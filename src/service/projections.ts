import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import {
  APPROVAL_DECIDED,
  APPROVAL_EXCEPTION,
  APPROVAL_EXCEPTION_REVIEWED,
  APPROVAL_REQUESTED,
} from '../core/model/approval.ts';
import { ENVIRONMENT_SAVED, SNAPSHOT_REPORTED, type ReportedArtifact } from '../core/model/environment.ts';
import { FLOW_SAVED } from '../core/model/flow.ts';
import type { CommittedEvent } from '../core/model/ledgerEvent.ts';
import { POLICY_CREATED } from '../core/model/policy.ts';
import type { FlowTemplate } from '../core/model/template.ts';
import { TOKEN_CREATED, TOKEN_REVOKED, type TokenOwner } from '../core/model/token.ts';
import {
  ARTIFACT_REPORTED,
  ATTESTATION_RECORDED,
  EVIDENCE_STORED,
  TRAIL_SAVED,
} from '../core/model/trail.ts';
import { SERVICE_ACCOUNT_CREATED, USER_CREATED, USER_ROLE_CHANGED } from '../core/model/user.ts';
import { WEBHOOK_DELETED, WEBHOOK_SAVED } from '../core/model/webhook.ts';
import { attestEarlierApprovals } from '../storage/approvalProjection.ts';
import { saveCustomTypes } from '../storage/customTypeStore.ts';
import {
  recomputeTrails,
  saveArtifact,
  saveAttestations,
  saveEvidence,
  saveTrail,
  type ArtifactReport,
  type AttestationRecord,
  type TrailSave,
} from '../storage/deliveryProjection.ts';
import {
  reevaluateRunning,
  recordSnapshot,
  saveEnvironment,
  savePolicy,
  type EnvironmentSave,
} from '../storage/environmentProjection.ts';
import { saveFlows } from '../storage/flowStore.ts';
import { revokeTokens, saveTokens } from '../storage/tokenStore.ts';
import { changeUserRoles, saveServiceAccounts, saveUsers } from '../storage/userStore.ts';
import { deleteWebhook, saveWebhook, type WebhookSave } from '../storage/webhookProjection.ts';
import {
  projectApprovalDecisions,
  projectApprovalExceptions,
  projectApprovalRequests,
  projectExceptionReviews,
} from './approvalProjectors.ts';
import { ATTESTATION_TYPE_DEFINED } from './attestationTypeService.ts';
import { Projectors, type Projector } from './projector.ts';

// Event data as the services write it; the ledger was verified when it was written, so projectors
// trust its shape.
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

/** Each event's data, read by `read`, with the time and index the ledger gave it. */
function placed<T>(events: readonly CommittedEvent[], read: (data: CommittedEvent['data']) => T) {
  return events.map((e) => ({ ...read(e.data), at: e.at, index: e.index }));
}

/** Every projector of the domain, used by appends and by rebuilds alike. */
export function domainProjectors(): Projectors {
  return new Projectors()
    .register(FLOW_SAVED, (trx, org, events) =>
      saveFlows(
        trx,
        org,
        placed(events, (d) => ({
          name: str(d.name),
          description: str(d.description),
          ...('template' in d && { template: d.template as unknown as FlowTemplate | null }),
        })),
      ),
    )
    .register(TOKEN_CREATED, (trx, org, events) =>
      saveTokens(
        trx,
        org,
        placed(events, (d) => ({
          id: str(d.id),
          role: str(d.role),
          description: str(d.description),
          expiresAt: d.expiresAt === null ? null : str(d.expiresAt),
          owner: ownerOf(d.owner),
        })),
      ),
    )
    .register(TOKEN_REVOKED, (trx, org, events) =>
      revokeTokens(
        trx,
        org,
        placed(events, (d) => ({ id: str(d.id) })),
      ),
    )
    .register(USER_CREATED, (trx, org, events) =>
      saveUsers(
        trx,
        org,
        placed(events, (d) => ({
          username: str(d.username),
          role: str(d.role),
          displayName: str(d.displayName),
        })),
      ),
    )
    .register(USER_ROLE_CHANGED, (trx, org, events) =>
      changeUserRoles(
        trx,
        org,
        placed(events, (d) => ({ username: str(d.username), role: str(d.role) })),
      ),
    )
    .register(SERVICE_ACCOUNT_CREATED, (trx, org, events) =>
      saveServiceAccounts(
        trx,
        org,
        placed(events, (d) => ({ name: str(d.name), description: str(d.description) })),
      ),
    )
    .register(ATTESTATION_TYPE_DEFINED, (trx, org, events) =>
      saveCustomTypes(
        trx,
        org,
        placed(events, (d) => ({ name: str(d.name), version: Number(d.version), source: str(d.source) })),
      ),
    )
    .register(TRAIL_SAVED, async (trx, org, events) => {
      const trails = placed(events, (d) => d as unknown as TrailData);
      for (const trail of trails) await saveTrail(trx, org, trail);
      await trailsChanged(
        trx,
        org,
        trails.map((t) => [t.flow, t.name] as const),
        trails,
      );
    })
    .register(ARTIFACT_REPORTED, async (trx, org, events) => {
      const artifacts = placed(events, (d) => d as unknown as ArtifactData);
      for (const artifact of artifacts) {
        await saveArtifact(trx, org, artifact);
        await attestEarlierApprovals(trx, org, artifact);
      }
      await trailsChanged(
        trx,
        org,
        artifacts.map((a) => [a.flow, a.trail] as const),
        artifacts,
      );
    })
    .register(ATTESTATION_RECORDED, async (trx, org, events) => {
      const records = placed(events, (d) => {
        const { target, result, ...rest } = d as unknown as AttestationData;
        return {
          ...rest,
          ...result,
          targetFingerprint: target !== null && 'fingerprint' in target ? target.fingerprint : null,
          targetName: target !== null && 'artifactName' in target ? target.artifactName : null,
        };
      });
      await saveAttestations(trx, org, records);
      await trailsChanged(
        trx,
        org,
        records.map((a) => [a.flow, a.trail] as const),
        records,
      );
    })
    .register(ENVIRONMENT_SAVED, async (trx, org, events) => {
      for (const e of placed(events, (d) => d as unknown as EnvironmentSave))
        await saveEnvironment(trx, org, e);
    })
    .register(POLICY_CREATED, async (trx, org, events) => {
      for (const p of placed(events, (d) => ({
        name: str(d.name),
        version: Number(d.version),
        source: str(d.source),
      })))
        await savePolicy(trx, org, p);
    })
    .register(SNAPSHOT_REPORTED, async (trx, org, events) => {
      for (const s of placed(events, (d) => ({
        environment: str(d.environment),
        artifacts: d.artifacts as unknown as ReportedArtifact[],
        ...(typeof d.observedAt === 'string' && { observedAt: d.observedAt }),
      })))
        await recordSnapshot(trx, org, s);
    })
    .register(EVIDENCE_STORED, async (trx, org, events) => {
      for (const evidence of placed(events, (d) => d as unknown as EvidenceData)) {
        await saveEvidence(trx, org, evidence);
      }
    })
    .register(WEBHOOK_SAVED, async (trx, org, events) => {
      for (const w of placed(events, (d) => d as unknown as WebhookSave)) await saveWebhook(trx, org, w);
    })
    .register(WEBHOOK_DELETED, async (trx, org, events) => {
      for (const d of events) await deleteWebhook(trx, org, str(d.data.name));
    })
    .register(APPROVAL_REQUESTED, projectApprovalRequests)
    .register(APPROVAL_DECIDED, projectApprovalDecisions)
    .register(APPROVAL_EXCEPTION, projectApprovalExceptions)
    .register(APPROVAL_EXCEPTION_REVIEWED, projectExceptionReviews);
}

/**
 * After events of a run changed trails: their compliance is recomputed, then every environment now
 * running one of their artifacts is judged again, as of the run's last event.
 */
async function trailsChanged(
  trx: Parameters<Projector>[0],
  org: string,
  trails: readonly (readonly [string, string])[],
  run: readonly { at: string; index: number }[],
): Promise<void> {
  await recomputeTrails(trx, org, trails);
  const last = run.at(-1);
  if (last !== undefined) await reevaluateRunning(trx, org, trails, last);
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
