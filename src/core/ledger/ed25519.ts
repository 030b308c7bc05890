import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { EvidentError } from '../errors.ts';

/*
 * Raw 32-byte Ed25519 keys (RFC 8032) to node:crypto key objects, via the fixed DER prefixes of
 * PKCS#8 (RFC 8410 §7: OneAsymmetricKey with id-Ed25519 1.3.101.112 and a 32-byte CurvePrivateKey)
 * and SubjectPublicKeyInfo (RFC 8410 §4).
 */
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export const ED25519_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

function der(prefix: Uint8Array, key: Uint8Array): Buffer {
  if (key.length !== ED25519_KEY_SIZE) {
    throw new EvidentError('invalid_key', `Ed25519 keys are ${ED25519_KEY_SIZE} bytes, got ${key.length}`);
  }
  return Buffer.concat([prefix, key]);
}

export function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: der(PKCS8_PREFIX, seed), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicKey(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: der(SPKI_PREFIX, publicKey), format: 'der', type: 'spki' });
}

/** The raw 32-byte public key of a seed (RFC 8032 §5.1.5). */
export function ed25519PublicFromSeed(seed: Uint8Array): Uint8Array {
  const spki = createPublicKey(ed25519PrivateKey(seed)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

export function ed25519Sign(privateKey: KeyObject, msg: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, msg, privateKey));
}

/** False (never throws) for a signature that does not verify, including one of the wrong length. */
export function ed25519Verify(publicKey: KeyObject, msg: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return verify(null, msg, publicKey, sig);
  } catch {
    return false;
  }
}
