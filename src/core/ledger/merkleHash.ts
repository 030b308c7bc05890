import { createHash, hash } from 'node:crypto';
import { EvidentError } from '../errors.ts';

/** Size in bytes of every hash in the ledger (SHA-256, RFC 9162 §2.1.1). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);

function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return plain(h.digest());
}

/** A plain Uint8Array view (no copy): Buffer's `slice` aliases memory, Uint8Array's copies. */
function plain(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(entry: Uint8Array): Uint8Array {
  // One-shot hashing of a concatenation is about a third faster than a streaming hash object.
  return plain(hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer'));
}

/** Scratch space for 0x01 ‖ left ‖ right; safe because hashing is synchronous. */
const nodeInput = Buffer.alloc(1 + 2 * 32);
nodeInput[0] = 0x01;

/** RFC 9162 §2.1.1: SHA-256(0x01 || MTH(left) || MTH(right)). Both inputs must be 32-byte hashes. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new EvidentError('invalid_proof', `node children must be ${HASH_SIZE}-byte hashes`);
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return plain(hash('sha256', nodeInput, 'buffer'));
}

/** RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string. */
export const EMPTY_ROOT: Uint8Array = sha256();

/** Lowercase hex of any byte string. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict hex decoding of any even-length hex string (either case); throws `invalid_proof` otherwise. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new EvidentError('invalid_proof', 'malformed hex string');
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Strict decoding of a hash: exactly 64 hex characters (either case); throws `invalid_proof` otherwise. */
export function hashFromHex(hex: string): Uint8Array {
  if (hex.length !== HASH_SIZE * 2) {
    throw new EvidentError('invalid_proof', `a hash is ${HASH_SIZE * 2} hex characters, got ${hex.length}`);
  }
  return fromHex(hex);
}

/** Constant-shape byte comparison (hashes are public; this is equality, not a MAC check). */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Largest power of two strictly smaller than n, for n > 1 (RFC 9162 §2.1.1 split point k). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * MTH(D[n]) of RFC 9162 §2.1.1 over already-hashed leaves. Recursive over the list; meant for tests
 * and small trees (storage computes roots from stored perfect subtrees, see treeMath.ts).
 */
export function rootOf(leafHashes: readonly Uint8Array[]): Uint8Array {
  const mth = (begin: number, end: number): Uint8Array => {
    const n = end - begin;
    if (n === 1) {
      const leaf = leafHashes[begin];
      if (leaf?.length !== HASH_SIZE) {
        throw new EvidentError('invalid_proof', `leaf hashes must be ${HASH_SIZE} bytes`);
      }
      return leaf;
    }
    const k = splitPoint(n);
    return nodeHash(mth(begin, begin + k), mth(begin + k, end));
  };
  return leafHashes.length === 0 ? EMPTY_ROOT.slice() : mth(0, leafHashes.length);
}
