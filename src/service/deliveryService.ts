import type { Readable } from 'node:stream';
import { checkAttestationType, customTypeName, evaluateAttestation } from '../core/compliance/evaluators.ts';
import { MAX_PARSED_EVIDENCE_BYTES, type EvidenceFile } from '../core/compliance/evaluation.ts';
import { inTotoTarget } from '../core/compliance/intoto/inTotoEvaluator.ts';
import { EvidentError } from '../core/errors.ts';
import type { JsonValue } from '../core/ledger/canonicalJson.ts';
import type { Actor } from '../core/model/ledgerEvent.ts';
import { checkName } from '../core/model/names.ts';
import { parseTemplate, type FlowTemplate } from '../core/model/template.ts';
import {
  ARTIFACT_REPORTED,
  ATTESTATION_RECORDED,
  EVIDENCE_STORED,
  normaliseSha256,
  TRAIL_SAVED,
  type GitCommit,
} from '../core/model/trail.ts';
import type { FsBlobStore } from '../storage/blobs/fsBlobStore.ts';
import type { DeliveryStore } from '../storage/deliveryStore.ts';
import type { FlowStore } from '../storage/flowStore.ts';
import type { AttestationTypeService } from './attestationTypeService.ts';
import type { Receipt } from './receipt.ts';
import { eventRequest, type AppendRequest, type Sequencer } from './sequencer.ts';

type Idempotency = AppendRequest['idempotency'];

export interface DeliveryDeps {
  readonly sequencer: Sequencer;
  readonly flows: FlowStore;
  readonly store: DeliveryStore;
  readonly blobs: FsBlobStore;
  readonly types: AttestationTypeService;
  /** Largest evidence file accepted. */
  readonly maxEvidenceBytes: number;
}

/** What a client reports about an artifact (the route's body plus the trail it names). */
export interface ArtifactInput {
  readonly flow: string;
  readonly trail: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly filename?: string;
  readonly commit?: string;
  readonly buildUrl?: string;
  readonly repository?: string;
}

/** Trails, artifacts, attestations and evidence: the story of a change (issue #3, DESIGN §4). */
export class DeliveryService {
  constructor(private readonly deps: DeliveryDeps) {}

  /** Begins or updates a trail of a flow. */
  async saveTrail(
    org: string,
    input: {
      flow: string;
      name: string;
      description?: string;
      commit?: GitCommit;
      originUrl?: string;
      userData?: JsonValue;
      template?: string;
    },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<Receipt> {
    await this.flowOf(org, input.flow);
    checkName('trail', input.name);
    const template =
      input.template === undefined ? null : parseTemplate(input.template, checkAttestationType);
    return this.deps.sequencer.append(
      org,
      eventRequest(
        TRAIL_SAVED,
        actor,
        {
          flow: input.flow,
          name: input.name,
          description: input.description ?? '',
          commit: (input.commit ?? null) as JsonValue,
          originUrl: input.originUrl ?? null,
          userData: input.userData ?? null,
          template: template as unknown as JsonValue,
        },
        idempotency,
      ),
    );
  }

  /** Reports an artifact (a SHA-256 fingerprint) built in a trail. */
  async reportArtifact(
    org: string,
    input: ArtifactInput,
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<Receipt> {
    await this.trailOf(org, input.flow, input.trail);
    const fingerprint = sha256Of(input.fingerprint, 'fingerprint');
    checkName('artifact', input.name);
    return this.deps.sequencer.append(
      org,
      eventRequest(
        ARTIFACT_REPORTED,
        actor,
        {
          flow: input.flow,
          trail: input.trail,
          fingerprint,
          name: input.name,
          filename: input.filename ?? null,
          commit: input.commit ?? null,
          buildUrl: input.buildUrl ?? null,
          repository: input.repository ?? null,
        },
        idempotency,
      ),
    );
  }

  /**
   * Records an attestation after evaluating it from its evidence (DESIGN §4 "Compliance is
   * computed, never trusted"): the stored files are read back and judged with the parameters the
   * trail's template gives this attestation.
   */
  async attest(
    org: string,
    input: {
      flow: string;
      trail: string;
      name: string;
      type: string;
      artifact?: { fingerprint: string } | { name: string };
      evidence?: readonly { sha256: string; name: string }[];
      data?: JsonValue;
    },
    actor: Actor,
    idempotency?: Idempotency,
  ): Promise<Receipt> {
    const trail = await this.trailOf(org, input.flow, input.trail);
    checkName('attestation', input.name);
    checkAttestationType(input.type, undefined);
    const target: { fingerprint: string } | { artifactName: string } | null =
      input.artifact === undefined
        ? null
        : 'fingerprint' in input.artifact
          ? { fingerprint: sha256Of(input.artifact.fingerprint, 'artifact fingerprint') }
          : { artifactName: checkName('artifact', input.artifact.name) };
    // An in-toto statement binds to the artifact of its sha256 subject and no other (issue #8 §4).
    if (input.type === 'intoto' && !sameTarget(target, inTotoTarget(input.data))) {
      throw new EvidentError(
        'bad_request',
        "an intoto attestation's artifact must be the fingerprint of its data.subject (none when it is null)",
      );
    }
    const evidence = await this.loadEvidence(org, input.evidence ?? []);
    // An attestation of a reported fingerprint takes the params of that artifact's template entry.
    const reported =
      target !== null && 'fingerprint' in target
        ? (await this.deps.store.artifactsOfTrail(org, input.flow, input.trail)).find(
            (a) => a.fingerprint === target.fingerprint,
          )
        : undefined;
    const artifactName =
      target === null ? null : 'artifactName' in target ? target.artifactName : (reported?.name ?? null);
    const params =
      target !== null && artifactName === null
        ? undefined // an artifact not reported yet: its template entry is unknown, defaults apply
        : paramsFor(trail.template, input.name, input.type, artifactName);
    const customName = customTypeName(input.type);
    const custom = customName === undefined ? undefined : await this.deps.types.latest(org, customName);
    const result = evaluateAttestation({
      type: input.type,
      params,
      evidence,
      data: input.data,
      customType: () => custom?.type,
    });
    return this.deps.sequencer.append(
      org,
      eventRequest(
        ATTESTATION_RECORDED,
        actor,
        {
          flow: input.flow,
          trail: input.trail,
          name: input.name,
          type: input.type,
          target,
          evidence: evidence.map((e) => ({ name: e.name, sha256: e.sha256 })),
          data: input.data ?? null,
          // What it was judged by, so the verdict can be re-derived from the ledger and the evidence.
          params: (params ?? null) as JsonValue,
          ...(custom !== undefined && { typeVersion: custom.version }),
          result: {
            compliant: result.compliant,
            claimed: result.claimed,
            summary: result.summary,
            reasons: [...result.reasons],
          },
        },
        idempotency,
      ),
    );
  }

  /**
   * Stores an evidence file by its SHA-256 (streamed, verified, deduplicated). The first upload to
   * an org records `evidence.stored`; a repeat answers with nothing appended.
   */
  async storeEvidence(
    org: string,
    digest: string,
    body: Readable,
    mediaType: string,
    actor: Actor,
  ): Promise<{ sha256: string; size: number; receipt: Receipt | null }> {
    const sha256 = sha256Of(digest, 'evidence digest');
    const { size } = await this.deps.blobs.put(sha256, body, this.deps.maxEvidenceBytes);
    if ((await this.deps.store.hasEvidence(org, sha256)) !== undefined)
      return { sha256, size, receipt: null };
    const receipt = await this.deps.sequencer.append(org, {
      event: { type: EVIDENCE_STORED, actor, data: { sha256, size, mediaType } },
    });
    return { sha256, size, receipt };
  }

  /** An evidence file of the org, as a stream; 404 when the org never stored it. */
  async evidence(org: string, digest: string): Promise<{ size: number; mediaType: string; body: Readable }> {
    const sha256 = sha256Of(digest, 'evidence digest');
    const known = await this.deps.store.hasEvidence(org, sha256);
    if (known === undefined) throw new EvidentError('not_found', `evidence ${sha256} not found`);
    return { ...known, body: this.deps.blobs.stream(sha256) };
  }

  trail(org: string, flow: string, name: string) {
    return this.deps.store.trail(org, flow, name);
  }

  trails(org: string, flow: string, before: number | undefined, limit: number) {
    return this.deps.store.trails(org, flow, before, limit);
  }

  /** How the trails of each flow named stand (counts, the latest, recent verdicts), by flow. */
  flowTrails(org: string, flows: readonly string[]) {
    return this.deps.store.flowTrails(org, flows);
  }

  artifactsOfTrail(org: string, flow: string, trail: string) {
    return this.deps.store.artifactsOfTrail(org, flow, trail);
  }

  attestationsOfTrail(org: string, flow: string, trail: string) {
    return this.deps.store.attestationsOfTrail(org, flow, trail);
  }

  attestation(org: string, index: number) {
    return this.deps.store.attestation(org, index);
  }

  artifactReports(org: string, fingerprint: string) {
    return this.deps.store.artifactReports(org, fingerprint);
  }

  private async loadEvidence(
    org: string,
    files: readonly { sha256: string; name: string }[],
  ): Promise<EvidenceFile[]> {
    if (files.length > 100)
      throw new EvidentError('bad_request', 'at most 100 evidence files an attestation');
    const loaded: EvidenceFile[] = [];
    for (const file of files) {
      const sha256 = sha256Of(file.sha256, 'evidence digest');
      const known = await this.deps.store.hasEvidence(org, sha256);
      if (known === undefined) {
        throw new EvidentError(
          'bad_request',
          `evidence ${sha256} (${file.name}) is not in the vault: upload it first`,
        );
      }
      if (known.size > MAX_PARSED_EVIDENCE_BYTES) {
        throw new EvidentError('invalid_evidence', `evidence ${file.name} is too large to evaluate`);
      }
      loaded.push({ name: file.name, sha256, bytes: await this.deps.blobs.read(sha256) });
    }
    return loaded;
  }

  private async flowOf(org: string, flow: string) {
    const found = await this.deps.flows.get(org, flow);
    if (found === undefined) throw new EvidentError('not_found', `flow ${flow} not found`);
    return found;
  }

  private async trailOf(org: string, flow: string, name: string) {
    const found = await this.deps.store.trail(org, flow, name);
    if (found === undefined) throw new EvidentError('not_found', `trail ${name} of flow ${flow} not found`);
    return found;
  }
}

function sameTarget(
  target: { fingerprint: string } | { artifactName: string } | null,
  expected: { fingerprint: string } | null,
): boolean {
  if (target === null || expected === null) return target === expected;
  return 'fingerprint' in target && target.fingerprint === expected.fingerprint;
}

function sha256Of(value: string, what: string): string {
  const hex = normaliseSha256(value);
  if (hex === undefined)
    throw new EvidentError('bad_request', `${what} must be a SHA-256 (64 hex digits, "sha256:" allowed)`);
  return hex;
}

/**
 * The template's params for this attestation: trail-level (artifact null), or those of the named
 * template artifact. Undefined when the template does not ask for it (the type's defaults apply).
 */
function paramsFor(
  template: FlowTemplate | null,
  name: string,
  type: string,
  artifact: string | null,
): unknown {
  if (template === null) return undefined;
  const candidates =
    artifact === null
      ? template.trail.attestations
      : (template.trail.artifacts.find((a) => a.name === artifact)?.attestations ?? []);
  return candidates.find((r) => r.name === name && r.type === type)?.params;
}
