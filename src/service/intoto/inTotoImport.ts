import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isJsonObject } from '../../core/compliance/evidenceJson.ts';
import { EvidentError } from '../../core/errors.ts';
import { importPlan } from '../../core/intoto/importPlan.ts';
import { MAX_INTOTO_BYTES, readInToto } from '../../core/intoto/readInToto.ts';
import { signedByJson } from '../../core/intoto/signatureVerdict.ts';
import { signersOf } from '../../core/intoto/signersOf.ts';
import { MAX_VERIFICATION_KEYS, parseVerificationKey } from '../../core/intoto/verificationKey.ts';
import type { JsonValue } from '../../core/ledger/canonicalJson.ts';
import type { Actor } from '../../core/model/ledgerEvent.ts';
import { checkName } from '../../core/model/names.ts';
import { checkSha256 } from '../../core/model/trail.ts';
import type { AppendRequest } from '../sequencer.ts';
import type { EvidentServices } from '../evidentServices.ts';

/** One attestation an import recorded. */
export interface ImportedAttestation {
  readonly statement: number;
  readonly predicateType: string;
  readonly name: string;
  /** The sha256 subject it is bound to; null when the statement has none (a trail attestation). */
  readonly subject: string | null;
  /** Whether the trail has reported an artifact of that fingerprint yet (it binds when it does). */
  readonly artifactReported: boolean;
  readonly index: number;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** What the evaluation found of the signatures (summary.signatures: verified, by which key, note). */
  readonly signatures: JsonValue;
}

const signaturesOf = (summary: JsonValue | undefined): JsonValue =>
  isJsonObject(summary) ? (summary.signatures ?? null) : null;

async function bytesOf(body: Readable, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new EvidentError('invalid_evidence', `in-toto files over ${limit} bytes are not read`);
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Imports an in-toto file already in the evidence vault (issue #8 §4): every statement becomes an
 * `intoto` attestation of the trail, one per sha256 subject — bound to the artifact of that
 * fingerprint — or one for the trail when it has no sha256 subject. The file is read and every
 * statement checked before anything is appended, so a bad file records nothing. `name` defaults to
 * the predicate's (importPlan.ts: a name that would make two attestations of one target is
 * refused). Idempotent with the request's key: attestation n uses `key#n`.
 * `keys` (PEM public keys or certificates) make signatures required: see signersOf; the key that
 * verified is recorded as `data.signedBy`, which the evaluator verifies again (signatureVerdict.ts).
 */
export async function importInToto(
  services: EvidentServices,
  org: string,
  input: {
    flow: string;
    trail: string;
    name?: string;
    evidence: { sha256: string; name: string };
    keys?: readonly string[];
  },
  actor: Actor,
  idempotency?: AppendRequest['idempotency'],
): Promise<ImportedAttestation[]> {
  if (input.name !== undefined) checkName('attestation', input.name);
  const pems = input.keys ?? [];
  if (pems.length > MAX_VERIFICATION_KEYS) {
    throw new EvidentError('bad_request', `at most ${MAX_VERIFICATION_KEYS} keys an import`);
  }
  const keys = pems.map((pem, i) => parseVerificationKey(pem, `keys[${i}]`));
  const sha256 = checkSha256(input.evidence.sha256, 'the evidence digest');
  const trail = await services.delivery.trail(org, input.flow, input.trail);
  if (trail === undefined)
    throw new EvidentError('not_found', `trail ${input.trail} of flow ${input.flow} not found`);
  const stored = await services.delivery.evidence(org, sha256);
  if (stored.size > MAX_INTOTO_BYTES) {
    stored.body.destroy();
    throw new EvidentError(
      'invalid_evidence',
      `${input.evidence.name} is ${stored.size} bytes; in-toto files over ${MAX_INTOTO_BYTES} bytes are not read`,
    );
  }
  const bytes = await bytesOf(stored.body, MAX_INTOTO_BYTES);
  const statements = readInToto({ name: input.evidence.name, sha256, bytes });
  const signers = signersOf(statements, keys, input.evidence.name);
  const plan = importPlan(statements, input.evidence.name, input.name).map((step) => ({
    ...step,
    signedBy: signers[step.index] ?? null,
  }));
  const reported = new Set(
    (await services.delivery.artifactsOfTrail(org, input.flow, input.trail)).map((a) => a.fingerprint),
  );
  const recorded: ImportedAttestation[] = [];
  for (const [n, step] of plan.entries()) {
    const key =
      idempotency === undefined
        ? undefined
        : {
            key: `${idempotency.key.length > 200 ? createHash('sha256').update(idempotency.key).digest('hex') : idempotency.key}#${n}`,
            requestHash: idempotency.requestHash,
          };
    const receipt = await services.delivery.attest(
      org,
      {
        flow: input.flow,
        trail: input.trail,
        name: step.name,
        type: 'intoto',
        ...(step.subject !== null && { artifact: { fingerprint: step.subject } }),
        evidence: [{ sha256, name: input.evidence.name }],
        data: {
          statement: step.index,
          subject: step.subject,
          ...(step.signedBy !== null && { signedBy: { ...signedByJson(step.signedBy) } }),
        },
      },
      actor,
      key,
    );
    const recordedAttestation = await services.delivery.attestation(org, receipt.index);
    recorded.push({
      statement: step.index,
      predicateType: step.predicateType,
      name: step.name,
      subject: step.subject,
      artifactReported: step.subject !== null && reported.has(step.subject),
      index: receipt.index,
      compliant: recordedAttestation?.compliant ?? false,
      reasons: recordedAttestation?.reasons ?? [],
      signatures: signaturesOf(recordedAttestation?.summary),
    });
  }
  return recorded;
}
