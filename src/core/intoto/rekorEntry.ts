import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../compliance/evidenceJson.ts';
import { messageOf } from '../errors.ts';
import { decodeBase64Strict, encodeBase64 } from '../ledger/base64.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { hashEquals, leafHash, toHex } from '../ledger/merkleHash.ts';
import { rootFromInclusionProof } from '../ledger/proofVerify.ts';
import type { DsseEnvelope } from './verifyDsse.ts';

/*
 * What can be checked offline of a Sigstore bundle's Rekor entry (sigstore_rekor.proto
 * TransparencyLogEntry) without Rekor's public key:
 * - the inclusion proof: canonicalizedBody is the log leaf, hashed and folded with `hashes` as RFC
 *   6962 / RFC 9162 §2.1.3.2 say, must give `rootHash` at `logIndex` of `treeSize`; the checkpoint
 *   the proof carries must name the same size and root;
 * - that the entry is about this envelope: a `dsse` entry's payloadHash is the SHA-256 of the
 *   payload, and its signatures include one of the envelope's.
 * Not checked: the checkpoint's signature and the signed entry timestamp (they need Rekor's key,
 * part of the Sigstore trust root), so the root hash itself is the bundle's word.
 */

export interface RekorEntryCheck {
  readonly summary: { [key: string]: JsonValue };
  /** What is wrong with the entry, one sentence each; empty when nothing checked failed. */
  readonly problems: readonly string[];
}

const str = (obj: JsonObject, key: string): string | null =>
  typeof obj[key] === 'string' ? obj[key] : typeof obj[key] === 'number' ? String(obj[key]) : null;

function bytes(text: unknown, what: string): Uint8Array {
  const decoded = typeof text === 'string' ? decodeBase64Strict(text) : undefined;
  if (decoded === undefined) throw new Error(`${what} is not base64`);
  return decoded;
}

function count(text: string | null, what: string): number {
  const n = text === null ? NaN : Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} is not a count`);
  return n;
}

/** The inclusion proof against the root hash it carries; throws what does not hold. */
function checkInclusion(proof: JsonObject, body: Uint8Array): { treeSize: number; rootHash: string } {
  const index = count(str(proof, 'logIndex'), 'inclusionProof.logIndex');
  const treeSize = count(str(proof, 'treeSize'), 'inclusionProof.treeSize');
  const root = bytes(proof.rootHash, 'inclusionProof.rootHash');
  const hashes = Array.isArray(proof.hashes) ? (proof.hashes as unknown[]) : [];
  const path = hashes.map((h, i) => bytes(h, `inclusionProof.hashes[${i}]`));
  const computed = rootFromInclusionProof(index, treeSize, leafHash(body), path);
  if (!hashEquals(computed, root)) {
    throw new Error(`the inclusion proof gives root ${toHex(computed)}, the bundle says ${toHex(root)}`);
  }
  // C2SP tlog-checkpoint body: origin, tree size, base64 root hash, one a line.
  const checkpoint = isJsonObject(proof.checkpoint) ? str(proof.checkpoint, 'envelope') : null;
  if (checkpoint !== null) {
    const [, size, rootLine] = checkpoint.split('\n');
    if (size !== String(treeSize) || rootLine !== encodeBase64(root)) {
      throw new Error('the checkpoint names another tree size or root hash than the inclusion proof');
    }
  }
  return { treeSize, rootHash: toHex(root) };
}

/** Whether a `dsse` entry body records this envelope's payload hash and one of its signatures. */
function matchesEnvelope(body: Uint8Array, envelope: DsseEnvelope): boolean | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return false;
  }
  if (!isJsonObject(json) || json.kind !== 'dsse' || !isJsonObject(json.spec)) return null;
  const { payloadHash, signatures } = json.spec;
  const payload = createHash('sha256').update(envelope.payload).digest('hex');
  const sigs = Array.isArray(signatures) ? (signatures as unknown[]) : [];
  const signed = sigs.some((s) => {
    const sig =
      isJsonObject(s) && typeof s.signature === 'string' ? decodeBase64Strict(s.signature) : undefined;
    return sig !== undefined && envelope.signatures.some((e) => hashEquals(e.sig, sig));
  });
  return isJsonObject(payloadHash) && payloadHash.value === payload && signed;
}

/** Checks one tlog entry of a bundle against the bundle's envelope. */
export function checkRekorEntry(entry: JsonObject, envelope: DsseEnvelope): RekorEntryCheck {
  const problems: string[] = [];
  const summary: { [key: string]: JsonValue } = {
    logIndex: str(entry, 'logIndex'),
    integratedTime: str(entry, 'integratedTime'),
  };
  const body =
    typeof entry.canonicalizedBody === 'string' ? decodeBase64Strict(entry.canonicalizedBody) : undefined;
  if (body === undefined) {
    return { summary, problems: ['the tlog entry has no canonicalizedBody (base64)'] };
  }
  const matches = matchesEnvelope(body, envelope);
  summary.matchesEnvelope = matches;
  if (matches === false)
    problems.push("the tlog entry's body records another payload hash or signature than the envelope");
  if (isJsonObject(entry.inclusionProof)) {
    try {
      const { treeSize, rootHash } = checkInclusion(entry.inclusionProof, body);
      summary.inclusionProof = { verified: true, treeSize, rootHash };
    } catch (error) {
      summary.inclusionProof = { verified: false };
      problems.push(`the tlog entry's inclusion proof fails: ${messageOf(error)}`);
    }
  } else {
    summary.inclusionProof = null;
  }
  return { summary, problems };
}
