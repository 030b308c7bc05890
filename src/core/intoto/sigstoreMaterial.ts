import type { EvidenceFile } from '../compliance/evaluation.ts';
import { isJsonObject, type JsonObject } from '../compliance/evidenceJson.ts';
import { decodeBase64Strict } from '../ledger/base64.ts';
import { unreadableInToto } from './unreadableInToto.ts';

/*
 * The verification material of a Sigstore bundle (sigstore/protobuf-specs
 * protos/sigstore_bundle.proto, VerificationMaterial): the signing certificate — `certificate`
 * (v0.3) or the first of `x509CertificateChain.certificates` (v0.1, v0.2), DER as base64 `rawBytes`
 * — or a `publicKey` hint naming a key kept elsewhere; and the Rekor transparency-log entries.
 */

export interface SigstoreMaterial {
  readonly mediaType: string;
  /** The leaf certificate, DER; null when the bundle names its key by hint only. */
  readonly certificate: Uint8Array | null;
  /** `tlogEntries` as found (TransparencyLogEntry, sigstore_rekor.proto); checked by rekorEntry.ts. */
  readonly tlogEntries: readonly JsonObject[];
}

export function sigstoreMaterialOf(file: EvidenceFile, bundle: JsonObject, where: string): SigstoreMaterial {
  const material = isJsonObject(bundle.verificationMaterial) ? bundle.verificationMaterial : {};
  const chain = isJsonObject(material.x509CertificateChain) ? material.x509CertificateChain : {};
  const leaf = isJsonObject(material.certificate)
    ? material.certificate
    : Array.isArray(chain.certificates)
      ? (chain.certificates as unknown[])[0]
      : undefined;
  let certificate: Uint8Array | null = null;
  if (leaf !== undefined) {
    const raw = isJsonObject(leaf) && typeof leaf.rawBytes === 'string' ? leaf.rawBytes : undefined;
    const der = raw === undefined ? undefined : decodeBase64Strict(raw);
    if (der === undefined)
      throw unreadableInToto(file, where, "the bundle's certificate rawBytes is not base64");
    certificate = der;
  }
  const entries = Array.isArray(material.tlogEntries) ? (material.tlogEntries as unknown[]) : [];
  if (!entries.every(isJsonObject))
    throw unreadableInToto(file, where, "the bundle's tlogEntries are not all objects");
  return { mediaType: String(bundle.mediaType), certificate, tlogEntries: entries };
}
