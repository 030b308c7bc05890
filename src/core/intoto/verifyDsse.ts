import { constants, verify, type KeyObject } from 'node:crypto';
import { dssePae } from './dssePae.ts';
import { ECDSA_HASHES, type VerificationKey } from './verificationKey.ts';

/*
 * DSSE signature verification (https://github.com/secure-systems-lab/dsse protocol.md "To verify"):
 * Verify(key, PAE(UTF8(payloadType), payload), sig). DSSE leaves the algorithm to the signer and
 * verifier; these are the ones in-toto and Sigstore use:
 * - Ed25519 (RFC 8032), over the PAE itself;
 * - ECDSA P-256 with SHA-256, P-384 with SHA-384, the signature DER (X9.62 Ecdsa-Sig-Value, as
 *   Sigstore and openssl write it) or raw r‖s (IEEE P1363, as the DSSE protocol.md example does);
 * - RSA with SHA-256, PKCS#1 v1.5 or PSS (RFC 8017 §8.2, §8.1; any salt length).
 */

/** Whether `signature` is a valid signature of `message` under `key`; never throws. */
export function verifySignature(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  const attempt = (algorithm: string | null, options: object = {}) => {
    try {
      return verify(algorithm, message, { key, ...options }, signature);
    } catch {
      return false; // a malformed signature is an invalid one
    }
  };
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return attempt(null);
    case 'ec': {
      const hash = ECDSA_HASHES.get(key.asymmetricKeyDetails?.namedCurve ?? '');
      if (hash === undefined) return false;
      return attempt(hash, { dsaEncoding: 'der' }) || attempt(hash, { dsaEncoding: 'ieee-p1363' });
    }
    case 'rsa':
      return (
        attempt('sha256', { padding: constants.RSA_PKCS1_PADDING }) ||
        attempt('sha256', {
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO,
        })
      );
    case 'rsa-pss':
      return attempt('sha256', {
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_AUTO,
      });
    default:
      return false;
  }
}

/** The signed part of a DSSE envelope: payload type, decoded payload and decoded signatures. */
export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: Uint8Array;
  readonly signatures: readonly { readonly keyid: string; readonly sig: Uint8Array }[];
}

/**
 * The first key, in the order given, under which some signature of the envelope verifies, with the
 * index of that signature; undefined when none does. KEYID is an unauthenticated hint (protocol.md),
 * so every signature is tried with every key.
 */
export function verifyingKey(
  envelope: DsseEnvelope,
  keys: readonly VerificationKey[],
): { key: VerificationKey; signature: number } | undefined {
  const pae = dssePae(envelope.payloadType, envelope.payload);
  for (const key of keys) {
    const signature = envelope.signatures.findIndex((s) => verifySignature(key.key, pae, s.sig));
    if (signature >= 0) return { key, signature };
  }
  return undefined;
}
