import { isJsonObject } from '../compliance/evidenceJson.ts';
import { messageOf } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { identityJson } from './certificateIdentity.ts';
import { checkRekorEntry } from './rekorEntry.ts';
import type { SigstoreMaterial } from './sigstoreMaterial.ts';
import { certificateKey, type CertificateKey, type VerificationKey } from './verificationKey.ts';
import { verifyingKey, type DsseEnvelope } from './verifyDsse.ts';

/*
 * A Sigstore bundle checked against itself (https://docs.sigstore.dev/about/bundle/): the DSSE
 * signature must verify under the bundle's own leaf certificate, whose identity (SAN, OIDC issuer)
 * is reported, and it must carry Rekor entries whose inclusion proofs hold (rekorEntry.ts). That shows who the
 * certificate names signed it — if the certificate is genuine, which only the Sigstore trust root
 * (Fulcio's CA, Rekor's key; not available offline here) could show.
 */

export const SIGSTORE_NOT_VERIFIED =
  "the certificate's chain to the Sigstore (Fulcio) root, Rekor's signed entry timestamp and the checkpoint signature (no Sigstore trust root is available offline)";

export interface SigstoreCheck {
  readonly summary: { [key: string]: JsonValue };
  /** The certificate's key, when the signature verifies under it. */
  readonly verifiedBy: VerificationKey | null;
  readonly problems: readonly string[];
}

/** The leaf certificate's key if the DSSE signature verifies under it, or the problem. */
function signerOf(
  material: SigstoreMaterial,
  envelope: DsseEnvelope,
): { summary: { [key: string]: JsonValue }; key: CertificateKey | null; problem: string | null } {
  if (material.certificate === null) {
    const note =
      'the bundle names its key by a hint only, so its signature is checked only against keys given';
    return { summary: { certificate: null, signatureVerified: false, note }, key: null, problem: null };
  }
  let key: CertificateKey;
  try {
    key = certificateKey(material.certificate);
  } catch (error) {
    const problem = `The Sigstore bundle's certificate is unusable: ${messageOf(error)}.`;
    return { summary: { certificate: null, signatureVerified: false }, key: null, problem };
  }
  const verified = verifyingKey(envelope, [key]) !== undefined;
  const certificate = { spkiSha256: key.spkiSha256, ...identityJson(key.certificate) };
  return {
    summary: { certificate, signatureVerified: verified },
    key: verified ? key : null,
    problem: verified
      ? null
      : `The DSSE signature of the Sigstore bundle does not verify under the bundle's own certificate (key sha256:${key.spkiSha256}).`,
  };
}

export function checkSigstoreBundle(material: SigstoreMaterial, envelope: DsseEnvelope): SigstoreCheck {
  const signer = signerOf(material, envelope);
  const problems = signer.problem === null ? [] : [signer.problem];
  const tlogEntries = material.tlogEntries.map((entry, i) => {
    const check = checkRekorEntry(entry, envelope);
    problems.push(...check.problems.map((p) => `Sigstore bundle tlogEntries[${i}]: ${p}.`));
    return check.summary;
  });
  // An inclusion proof is what shows an entry is in the log; a bundle with none (no entry, or only
  // signed entry timestamps, which need Rekor's key) shows nothing that can be checked here.
  const entries = material.tlogEntries;
  if (!entries.some((entry) => isJsonObject(entry.inclusionProof))) {
    const which =
      entries.length === 0
        ? 'no tlogEntries'
        : entries.length === 1
          ? 'tlogEntries[0] has no inclusionProof'
          : 'none of its tlogEntries has an inclusionProof';
    problems.push(
      `The Sigstore bundle carries no Rekor inclusion proof (${which}): nothing shows the signature was logged.`,
    );
  }
  return {
    summary: {
      mediaType: material.mediaType,
      ...signer.summary,
      tlogEntries,
      notVerified: SIGSTORE_NOT_VERIFIED,
    },
    verifiedBy: signer.key,
    problems,
  };
}
