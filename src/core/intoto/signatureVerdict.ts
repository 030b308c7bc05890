import { isJsonObject } from '../compliance/evidenceJson.ts';
import { EvidentError, messageOf } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { identityJson } from './certificateIdentity.ts';
import type { InTotoStatement } from './readInToto.ts';
import { parseVerificationKey, type VerificationKey } from './verificationKey.ts';
import { verifyingKey } from './verifyDsse.ts';
import { checkSigstoreBundle } from './verifySigstoreBundle.ts';

/*
 * Who signed an imported statement, judged from the evidence bytes alone, so the verdict is the same
 * on the server and in `evident verify package` offline (DESIGN §4 "Compliance is computed, never
 * trusted"). `data.signedBy` of the attestation names the key the import verified it with (given as
 * `keys`): its PEM and the SHA-256 of its SubjectPublicKeyInfo. The claim is re-checked here — the
 * PEM must be that key, and a DSSE signature of the statement must verify under it — so a forged
 * claim makes the attestation non-compliant. A Sigstore bundle is also checked against its own
 * certificate (verifySigstoreBundle.ts), key or no key.
 */

/** `data.signedBy`: the key an import verified the statement with. */
export interface SignedBy {
  readonly spkiSha256: string;
  readonly pem: string;
}

/** `data.signedBy` as recorded, or null when absent; throws `invalid_evidence` for a wrong shape. */
export function signedByOf(value: JsonValue | undefined): SignedBy | null {
  if (value === undefined || value === null) return null;
  if (
    !isJsonObject(value) ||
    typeof value.pem !== 'string' ||
    typeof value.spkiSha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(value.spkiSha256)
  ) {
    throw new EvidentError(
      'invalid_evidence',
      'intoto: data.signedBy must be { spkiSha256: 64 hex digits, pem: a PEM public key or certificate }',
    );
  }
  return { spkiSha256: value.spkiSha256, pem: value.pem };
}

/** The signedBy an import records for a key that verified. */
export function signedByJson(key: VerificationKey): SignedBy {
  return { spkiSha256: key.spkiSha256, pem: key.pem };
}

function keyJson(key: VerificationKey): { [key: string]: JsonValue } {
  return {
    spkiSha256: key.spkiSha256,
    certificate: key.certificate === null ? null : identityJson(key.certificate),
  };
}

/** One phrase naming a key: its SPKI SHA-256 and, for a certificate, whom it names. */
export function keyPhrase(key: VerificationKey): string {
  const names = key.certificate?.subjectAlternativeNames ?? [];
  const issuer = key.certificate?.oidcIssuer;
  return `key sha256:${key.spkiSha256}${names.length > 0 ? ` (certificate for ${names.join(', ')}${issuer ? `, OIDC issuer ${issuer}` : ''})` : ''}`;
}

/**
 * What the signature check came to: `unsigned` (a plain Statement, or an envelope with no
 * signatures), `unverified` (signed, but no key was given and a bundle carries no certificate to
 * check against), `key` (verified under the key recorded at import), `sigstore-certificate`
 * (verified under a Sigstore bundle's own certificate, whose chain is not verified) or `failed`.
 */
export type SignatureOutcome = 'unsigned' | 'unverified' | 'key' | 'sigstore-certificate' | 'failed';

export interface SignatureVerdict {
  /** `signatures` (and `sigstore` for a bundle) of the attestation summary. */
  readonly summary: { [key: string]: JsonValue };
  readonly reasons: readonly string[];
  readonly outcome: SignatureOutcome;
  /** SPKI SHA-256 of every key a signature of the statement verified under here. */
  readonly verifiedSpkis: readonly string[];
}

/** Checks the claim (if any) and a bundle's own certificate; says in `note` what was verified. */
export function signatureVerdict(statement: InTotoStatement, claim: SignedBy | null): SignatureVerdict {
  const { envelope } = statement;
  const reasons: string[] = [];
  const bundle =
    statement.sigstore !== null && envelope !== null
      ? checkSigstoreBundle(statement.sigstore, envelope)
      : null;
  reasons.push(...(bundle?.problems ?? []));
  let verifiedBy: VerificationKey | null = null;
  let outcome: SignatureOutcome;
  let note: string;
  if (claim !== null) {
    let key: VerificationKey | undefined;
    try {
      key = parseVerificationKey(claim.pem, 'data.signedBy.pem');
    } catch (error) {
      reasons.push(`The recorded signing key is unusable: ${messageOf(error)}.`);
    }
    if (key !== undefined && key.spkiSha256 !== claim.spkiSha256) {
      reasons.push(
        `The recorded signing key's SPKI SHA-256 is ${key.spkiSha256}, not the ${claim.spkiSha256} recorded with it.`,
      );
    } else if (key !== undefined && envelope === null) {
      reasons.push(`The statement is not signed (a plain Statement), yet a signing key is recorded for it.`);
    } else if (key !== undefined && envelope !== null && verifyingKey(envelope, [key]) === undefined) {
      reasons.push(`No DSSE signature of the statement verifies under the recorded ${keyPhrase(key)}.`);
    } else if (key !== undefined) {
      verifiedBy = key;
    }
    outcome = verifiedBy === null ? 'failed' : 'key';
    note =
      verifiedBy === null
        ? 'NOT verified under the recorded key'
        : `verified by ${keyPhrase(verifiedBy)}, given at import`;
  } else if (envelope === null) {
    outcome = 'unsigned';
    note = 'unsigned (a plain Statement)';
  } else if (envelope.signatures.length === 0) {
    outcome = 'unsigned';
    note = 'unsigned (the envelope has no signatures)';
  } else if (bundle?.verifiedBy) {
    verifiedBy = bundle.verifiedBy;
    outcome = 'sigstore-certificate';
    note = `verified by the Sigstore bundle's own ${keyPhrase(verifiedBy)}; its chain to the Sigstore root is not verified`;
  } else if (statement.sigstore?.certificate) {
    outcome = 'failed';
    note = "NOT verified under the Sigstore bundle's own certificate";
  } else {
    outcome = 'unverified';
    note =
      bundle === null
        ? 'not verified: no key was given'
        : 'not verified: the bundle carries no certificate and no key was given';
  }
  const signatures = {
    count: envelope?.signatures.length ?? 0,
    keyids: envelope?.signatures.map((s) => s.keyid) ?? [],
    verified: verifiedBy !== null,
    verifiedBy: verifiedBy === null ? null : keyJson(verifiedBy),
    outcome,
    note,
  };
  const verifiedSpkis = [
    ...new Set([verifiedBy?.spkiSha256, bundle?.verifiedBy?.spkiSha256].filter((k) => k !== undefined)),
  ];
  return {
    summary: { signatures, ...(bundle !== null && { sigstore: bundle.summary }) },
    reasons,
    outcome,
    verifiedSpkis,
  };
}
