import { createHash } from 'node:crypto';
import { EvidentError } from '../errors.ts';
import { decodeBase64Strict, encodeBase64 } from './base64.ts';
import {
  ED25519_KEY_SIZE,
  ed25519PrivateKey,
  ed25519PublicFromSeed,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
} from './ed25519.ts';
import { hasControlCharacter, isWellFormed } from './textChecks.ts';

/*
 * C2SP signed-note keys (https://c2sp.org/signed-note, "Signatures" and "Ed25519 signatures"), in
 * the verifier-key / signer-key text encodings of golang.org/x/mod/sumdb/note:
 *   vkey = <name>+<8 hex key ID>+base64(0x01 || 32-byte public key)
 *   skey = PRIVATE+KEY+<name>+<8 hex key ID>+base64(0x01 || 32-byte seed)
 * Only signature type 0x01 (Ed25519) is supported.
 */

/** Signature type identifier byte of Ed25519 (signed-note, "Signature types"). */
export const SIG_TYPE_ED25519 = 0x01;

export interface NoteSigner {
  name: string;
  /** uint32 key ID. */
  keyId: number;
  sign(msg: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  /** uint32 key ID. */
  keyId: number;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

function fail(message: string): never {
  throw new EvidentError('invalid_key', message);
}

// Unicode White_Space as Go's unicode.IsSpace sees it (tab to CR are control characters), and '+'.
const SPACE_OR_PLUS = /[ \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000+]/;

/**
 * signed-note "Format": key names are non-empty and contain no Unicode spaces and no '+'. Control
 * characters are refused too: no note could carry them.
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !SPACE_OR_PLUS.test(name) && !hasControlCharacter(name, false) && isWellFormed(name);
}

/** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4], big-endian uint32. */
export function keyIdFor(name: string, publicKey: Uint8Array): number {
  if (publicKey.length !== ED25519_KEY_SIZE) fail(`Ed25519 public keys are ${ED25519_KEY_SIZE} bytes`);
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, SIG_TYPE_ED25519))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function withType(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length);
  out[0] = SIG_TYPE_ED25519;
  out.set(key, 1);
  return out;
}

/** Formats the verifier key of an Ed25519 public key. */
export function vkeyFor(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) fail('invalid key name');
  return `${name}+${hex8(keyIdFor(name, publicKey))}+${encodeBase64(withType(publicKey))}`;
}

/**
 * Signer and verifier keys for `name` from a 32-byte Ed25519 seed. The caller supplies the seed
 * (randomness is injected, DESIGN §8).
 */
export function generateSignerKey(name: string, seed32: Uint8Array): { skey: string; vkey: string } {
  if (!isValidKeyName(name)) fail('invalid key name');
  if (seed32.length !== ED25519_KEY_SIZE) fail(`Ed25519 seeds are ${ED25519_KEY_SIZE} bytes`);
  const publicKey = ed25519PublicFromSeed(seed32);
  const keyId = hex8(keyIdFor(name, publicKey));
  return {
    skey: `PRIVATE+KEY+${name}+${keyId}+${encodeBase64(withType(seed32))}`,
    vkey: `${name}+${keyId}+${encodeBase64(withType(publicKey))}`,
  };
}

/** Splits "<name>+<hex8>+<base64 (may contain '+')>" into its parts and decodes the key bytes. */
function parseKey(text: string): { name: string; keyId: number; key: Uint8Array } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) fail('malformed key: want <name>+<key id>+<key>');
  const name = text.slice(0, first);
  const id = text.slice(first + 1, second);
  const encoded = text.slice(second + 1);
  if (!isValidKeyName(name)) fail('malformed key: invalid key name');
  if (!/^[0-9a-fA-F]{8}$/.test(id)) fail('malformed key: key id is not 8 hex digits');
  const typed = decodeBase64Strict(encoded);
  if (typed === undefined || typed.length === 0) fail('malformed key: key is not base64');
  if (typed[0] !== SIG_TYPE_ED25519) fail('unsupported key type (only Ed25519, 0x01)');
  const key = typed.subarray(1);
  if (key.length !== ED25519_KEY_SIZE) fail(`malformed key: Ed25519 keys are ${ED25519_KEY_SIZE} bytes`);
  return { name, keyId: Number.parseInt(id, 16), key };
}

function parseSkey(skey: string): { name: string; keyId: number; seed: Uint8Array; publicKey: Uint8Array } {
  const prefix = 'PRIVATE+KEY+';
  if (!skey.startsWith(prefix)) fail('malformed signer key: missing PRIVATE+KEY+ prefix');
  const { name, keyId, key } = parseKey(skey.slice(prefix.length));
  const publicKey = ed25519PublicFromSeed(key);
  if (keyIdFor(name, publicKey) !== keyId) fail('signer key id does not match the key');
  return { name, keyId, seed: key, publicKey };
}

/** A NoteSigner from a signer key. Throws `invalid_key`. */
export function signerFromSkey(skey: string): NoteSigner {
  const { name, keyId, seed } = parseSkey(skey);
  const privateKey = ed25519PrivateKey(seed);
  return { name, keyId, sign: (msg) => ed25519Sign(privateKey, msg) };
}

/** The verifier key matching a signer key. Throws `invalid_key`. */
export function vkeyFromSkey(skey: string): string {
  const { name, publicKey } = parseSkey(skey);
  return vkeyFor(name, publicKey);
}

/** A NoteVerifier from a verifier key; the key ID must match the key. Throws `invalid_key`. */
export function verifierFromVkey(vkey: string): NoteVerifier {
  const { name, keyId, key } = parseKey(vkey);
  if (keyIdFor(name, key) !== keyId) fail('verifier key id does not match the key');
  let publicKey;
  try {
    publicKey = ed25519PublicKey(key);
  } catch {
    fail('not a valid Ed25519 public key');
  }
  return { name, keyId, verify: (msg, sig) => ed25519Verify(publicKey, msg, sig) };
}
