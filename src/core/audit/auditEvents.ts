import { EvidentError } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { APPROVAL_DECIDED, APPROVAL_EXCEPTION, APPROVAL_EXCEPTION_REVIEWED } from '../model/approval.ts';
import {
  APPROVAL_REQUESTED,
  partyOf,
  type ApprovalChange,
  type Decision,
  type Party,
} from '../model/approval.ts';
import { ENVIRONMENT_SAVED, SNAPSHOT_REPORTED, type ReportedArtifact } from '../model/environment.ts';
import { FLOW_SAVED } from '../model/flow.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import { POLICY_CREATED } from '../model/policy.ts';
import type { FlowTemplate } from '../model/template.ts';
import {
  ARTIFACT_REPORTED,
  ATTESTATION_RECORDED,
  EVIDENCE_STORED,
  TRAIL_SAVED,
  type Artifact,
  type Attestation,
  type GitCommit,
  type Trail,
} from '../model/trail.ts';

/**
 * The events of an audit package, read into typed records. The shapes are those the services write
 * (src/service/*Service.ts) and the projectors read (src/service/projections.ts); an entry of another
 * shape is refused with the index of the entry, so a report never silently tells half a story.
 */

/** Where a fact comes from: the ledger index of its entry, and the time the ledger gave it. */
export interface Placed {
  readonly index: number;
  readonly at: string;
}

export interface FlowSaved extends Placed {
  readonly name: string;
  readonly description: string;
  /** Absent: the save left the template as it was; null: it removed it. */
  readonly template?: FlowTemplate | null;
}

/** The trail as its event saved it (the model's Trail less what the server derives). */
export interface TrailSaved
  extends Placed, Pick<Trail, 'flow' | 'name' | 'description' | 'commit' | 'originUrl' | 'template'> {
  readonly by: Party;
}

/** The artifact as its event reported it (the model's Artifact less the server's verdict). */
export interface ArtifactReported
  extends
    Placed,
    Pick<
      Artifact,
      'flow' | 'trail' | 'fingerprint' | 'name' | 'filename' | 'commit' | 'buildUrl' | 'repository'
    > {
  readonly by: Party;
}

/** The attestation as its event recorded it, with the server's evaluation (result) at the time. */
export interface AttestationRecorded
  extends
    Placed,
    Pick<
      Attestation,
      'flow' | 'trail' | 'name' | 'type' | 'evidence' | 'compliant' | 'claimed' | 'summary' | 'reasons'
    > {
  readonly by: Party;
  readonly targetFingerprint: string | null;
  readonly targetName: string | null;
  readonly data: JsonValue;
  readonly params: JsonValue;
  readonly typeVersion: number | null;
}

export interface EvidenceStored extends Placed {
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
}

export interface EnvironmentSaved extends Placed {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly includes: readonly string[];
  readonly policies: readonly string[];
}

export interface PolicyCreated extends Placed {
  readonly name: string;
  readonly version: number;
  readonly source: string;
}

export interface SnapshotReported extends Placed {
  readonly environment: string;
  readonly artifacts: readonly ReportedArtifact[];
  readonly observedAt: string | null;
}

export interface ApprovalRequested extends Placed {
  readonly by: Party;
  readonly environment: string;
  readonly fingerprint: string;
  readonly comment: string | null;
  readonly required: number;
  readonly expiresAfterHours: number | null;
  readonly change: ApprovalChange | null;
}

export interface ApprovalException extends Placed {
  readonly environment: string;
  readonly fingerprint: string;
  readonly reason: string;
  /** The person who broke the glass. */
  readonly user: string;
}

/** A decision on a request, or the review of an exception. */
export interface ApprovalDecided extends Placed {
  readonly approval: number;
  readonly on: 'request' | 'exception';
  readonly decision: Decision;
  readonly comment: string | null;
  readonly user: string;
}

/** Every event of the package the report reads, each kind in ledger order. */
export interface AuditEvents {
  readonly flows: readonly FlowSaved[];
  readonly trails: readonly TrailSaved[];
  readonly artifacts: readonly ArtifactReported[];
  readonly attestations: readonly AttestationRecorded[];
  readonly evidence: readonly EvidenceStored[];
  readonly environments: readonly EnvironmentSaved[];
  readonly policies: readonly PolicyCreated[];
  readonly snapshots: readonly SnapshotReported[];
  readonly requests: readonly ApprovalRequested[];
  readonly exceptions: readonly ApprovalException[];
  readonly decisions: readonly ApprovalDecided[];
  /** Indices of entries of other types (tokens, users, webhooks…): counted, not told. */
  readonly other: readonly number[];
}

type Data = CommittedEvent['data'];

/** Reads the events of `entries` (sorted by index by the caller). */
export function readAuditEvents(
  entries: readonly {
    readonly index: number;
    readonly event: Pick<CommittedEvent, 'type' | 'at' | 'actor' | 'data'>;
  }[],
): AuditEvents {
  const out = {
    flows: [] as FlowSaved[],
    trails: [] as TrailSaved[],
    artifacts: [] as ArtifactReported[],
    attestations: [] as AttestationRecorded[],
    evidence: [] as EvidenceStored[],
    environments: [] as EnvironmentSaved[],
    policies: [] as PolicyCreated[],
    snapshots: [] as SnapshotReported[],
    requests: [] as ApprovalRequested[],
    exceptions: [] as ApprovalException[],
    decisions: [] as ApprovalDecided[],
    other: [] as number[],
  };
  for (const { index, event } of entries) {
    const r = reader(index, event.type, event.data);
    const placed = { index, at: r.instant(event.at, 'at') };
    switch (event.type) {
      case FLOW_SAVED:
        out.flows.push({
          ...placed,
          name: r.text('name'),
          description: r.text('description'),
          ...('template' in event.data && { template: r.json('template') as unknown as FlowTemplate | null }),
        });
        break;
      case TRAIL_SAVED:
        out.trails.push({
          ...placed,
          by: partyOf(event.actor),
          flow: r.text('flow'),
          name: r.text('name'),
          description: r.optionalText('description') ?? '',
          commit: r.commit('commit'),
          originUrl: r.optionalText('originUrl'),
          template: r.json('template') as unknown as FlowTemplate | null,
        });
        break;
      case ARTIFACT_REPORTED:
        out.artifacts.push({
          ...placed,
          by: partyOf(event.actor),
          flow: r.text('flow'),
          trail: r.text('trail'),
          fingerprint: r.text('fingerprint'),
          name: r.text('name'),
          filename: r.optionalText('filename'),
          commit: r.optionalText('commit'),
          buildUrl: r.optionalText('buildUrl'),
          repository: r.optionalText('repository'),
        });
        break;
      case ATTESTATION_RECORDED:
        out.attestations.push(attestation(placed, event, r));
        break;
      case EVIDENCE_STORED:
        out.evidence.push({
          ...placed,
          sha256: r.text('sha256'),
          size: r.count('size'),
          mediaType: r.optionalText('mediaType') ?? 'application/octet-stream',
        });
        break;
      case ENVIRONMENT_SAVED:
        out.environments.push({
          ...placed,
          name: r.text('name'),
          type: r.text('type'),
          description: r.optionalText('description') ?? '',
          includes: r.texts('includes'),
          policies: r.texts('policies'),
        });
        break;
      case POLICY_CREATED:
        out.policies.push({
          ...placed,
          name: r.text('name'),
          version: r.count('version'),
          source: r.text('source'),
        });
        break;
      case SNAPSHOT_REPORTED:
        out.snapshots.push({
          ...placed,
          environment: r.text('environment'),
          artifacts: r.running('artifacts'),
          observedAt:
            event.data.observedAt === undefined ? null : r.instant(event.data.observedAt, 'observedAt'),
        });
        break;
      case APPROVAL_REQUESTED:
        out.requests.push({
          ...placed,
          by: partyOf(event.actor),
          environment: r.text('environment'),
          fingerprint: r.text('fingerprint'),
          comment: r.optionalText('comment'),
          required: r.count('required'),
          expiresAfterHours: event.data.expiresAfterHours == null ? null : r.count('expiresAfterHours'),
          change: r.json('change') as unknown as ApprovalChange | null,
        });
        break;
      case APPROVAL_EXCEPTION:
        out.exceptions.push({
          ...placed,
          environment: r.text('environment'),
          fingerprint: r.text('fingerprint'),
          reason: r.text('reason'),
          user: r.text('user'),
        });
        break;
      case APPROVAL_DECIDED:
      case APPROVAL_EXCEPTION_REVIEWED: {
        const on = event.type === APPROVAL_DECIDED ? 'request' : 'exception';
        const decision = r.text('decision');
        if (decision !== 'approve' && decision !== 'reject') r.bad('decision must be approve or reject');
        out.decisions.push({
          ...placed,
          approval: r.count(on),
          on,
          decision: decision as Decision,
          comment: r.optionalText('comment'),
          user: r.text('user'),
        });
        break;
      }
      default:
        out.other.push(index);
    }
  }
  return out;
}

function attestation(
  placed: Placed,
  event: Pick<CommittedEvent, 'actor' | 'data'>,
  r: Reader,
): AttestationRecorded {
  const target = event.data.target ?? null;
  const targetObject = target === null ? null : r.object(target, 'target');
  const result = r.object(event.data.result, 'result');
  const inner = reader(placed.index, ATTESTATION_RECORDED, result);
  const evidence = event.data.evidence ?? [];
  if (!Array.isArray(evidence)) r.bad('evidence must be a list');
  return {
    ...placed,
    by: partyOf(event.actor),
    flow: r.text('flow'),
    trail: r.text('trail'),
    name: r.text('name'),
    type: r.text('type'),
    targetFingerprint:
      targetObject === null ? null : reader(placed.index, 'target', targetObject).optionalText('fingerprint'),
    targetName:
      targetObject === null
        ? null
        : reader(placed.index, 'target', targetObject).optionalText('artifactName'),
    evidence: (evidence as JsonValue[]).map((file, i) => {
      const f = reader(placed.index, `evidence[${i}]`, r.object(file, `evidence[${i}]`));
      return { name: f.text('name'), sha256: f.text('sha256') };
    }),
    data: event.data.data ?? null,
    params: event.data.params ?? null,
    typeVersion: event.data.typeVersion === undefined ? null : r.count('typeVersion'),
    compliant: inner.flag('compliant'),
    claimed: inner.flag('claimed'),
    summary: result.summary ?? null,
    reasons: inner.texts('reasons'),
  };
}

type Reader = ReturnType<typeof reader>;

/** Field readers for one entry's data, whose errors name the entry. */
function reader(index: number, type: string, data: Data) {
  const bad = (message: string): never => {
    throw new EvidentError('bad_request', `entry ${index} (${type}): ${message}`, { index });
  };
  const text = (key: string): string => {
    const value = data[key];
    if (typeof value !== 'string') bad(`${key} must be a string`);
    return value as string;
  };
  const optionalText = (key: string): string | null => {
    const value = data[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') bad(`${key} must be a string or null`);
    return value as string;
  };
  const object = (value: JsonValue | undefined, what: string): Data => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(`${what} must be an object`);
    return value as Data;
  };
  return {
    bad,
    text,
    optionalText,
    object,
    json: (key: string): JsonValue => data[key] ?? null,
    count: (key: string): number => {
      const value = data[key];
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        bad(`${key} must be a whole number`);
      return value as number;
    },
    flag: (key: string): boolean => {
      const value = data[key];
      if (typeof value !== 'boolean') bad(`${key} must be true or false`);
      return value as boolean;
    },
    texts: (key: string): string[] => {
      const value = data[key] ?? [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        bad(`${key} must be a list of strings`);
      return value as string[];
    },
    instant: (value: JsonValue | undefined, key: string): string => {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) bad(`${key} must be an instant`);
      return value as string;
    },
    commit: (key: string): GitCommit | null => {
      const value = data[key];
      if (value === undefined || value === null) return null;
      const c = reader(index, type, object(value, key));
      const parents = c.texts('parents');
      return {
        sha: c.text('sha'),
        ...optionalFields(c, ['author', 'committer', 'message', 'timestamp', 'branch', 'url']),
        ...(parents.length > 0 && { parents }),
      };
    },
    running: (key: string): ReportedArtifact[] => {
      const value = data[key];
      if (!Array.isArray(value)) bad(`${key} must be a list`);
      return (value as JsonValue[]).map((item, i) => {
        const a = reader(index, type, object(item, `${key}[${i}]`));
        return { name: a.text('name'), fingerprint: a.text('fingerprint'), instances: a.count('instances') };
      });
    },
  };
}

function optionalFields(c: Reader, keys: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const key of keys) {
    const value = c.optionalText(key);
    if (value !== null) found[key] = value;
  }
  return found;
}
