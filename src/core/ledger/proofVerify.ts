import { EvidentError } from '../errors.ts';
import { HASH_SIZE, hashEquals, nodeHash, toHex } from './merkleHash.ts';

/*
 * Strict verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, with the
 * checks of the reference implementation (transparency-dev/merkle proof package): exact proof
 * length, 32-byte hashes, 0 ≤ index < size, 0 < size1 ≤ size2. Stricter than the reference in one
 * respect: every root, leaf and proof hash must be 32 bytes, even where the reference only compares
 * roots for equality (size1 = size2). Arithmetic uses JS numbers (no 32-bit bitwise operators).
 */

function fail(message: string): never {
  throw new EvidentError('invalid_proof', message);
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    fail(`${name} must be a non-negative safe integer, got ${value}`);
}

function assertHash(name: string, hash: Uint8Array): void {
  if (hash.length !== HASH_SIZE) fail(`${name} must be ${HASH_SIZE} bytes, got ${hash.length}`);
}

function assertProofHashes(proof: readonly Uint8Array[]): void {
  proof.forEach((h, i) => {
    assertHash(`proof[${i}]`, h);
  });
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function assertMatch(name: string, calculated: Uint8Array, expected: Uint8Array): void {
  if (!hashEquals(calculated, expected)) {
    fail(`calculated ${name} ${toHex(calculated)} does not match expected ${toHex(expected)}`);
  }
}

/**
 * Number of proof elements the RFC 9162 §2.1.3.2 loop consumes starting from (fn, sn) before sn
 * reaches 0 — the exact proof length. §2.1.4.2 walks the same way after its first element.
 */
function pathLength(fn: number, sn: number): number {
  let count = 0;
  while (sn > 0) {
    if (isOdd(fn) || fn === sn) {
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
    count++;
  }
  return count;
}

/**
 * Root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1–3), after strict checks of index,
 * size, hash sizes and exact proof length. Throws `invalid_proof`.
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  assertSize('index', index);
  assertSize('size', size);
  if (index >= size) fail(`index ${index} is beyond tree size ${size}`);
  assertHash('leaf hash', leafHash);
  assertProofHashes(proof);
  const want = pathLength(index, size - 1);
  if (proof.length !== want) fail(`wrong inclusion proof length ${proof.length}, want ${want}`);

  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return r;
}

/** RFC 9162 §2.1.3.2: verifies that `leafHash` is at `index` in the tree of `size` with `root`. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  assertHash('root', root);
  assertMatch('root', rootFromInclusionProof(index, size, leafHash, proof), root);
}

/**
 * RFC 9162 §2.1.4.2: verifies that the tree of size2 with root2 extends the tree of size1 with root1.
 * size1 = size2 needs an empty proof and equal roots; size1 = 0 is rejected (a proof from the empty
 * tree is meaningless, as in the reference implementation). Throws `invalid_proof`.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  assertSize('size1', size1);
  assertSize('size2', size2);
  assertHash('root1', root1);
  assertHash('root2', root2);
  assertProofHashes(proof);
  if (size1 > size2) fail(`size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === size2) {
    if (proof.length !== 0) fail(`size1 = size2 = ${size1} but the proof has ${proof.length} elements`);
    assertMatch('root2', root1, root2);
    return;
  }
  if (size1 === 0) fail('a consistency proof from the empty tree is meaningless');

  // Step 2: if size1 is an exact power of 2, prepend root1 to the path.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const powerOfTwo = fn === 0; // size1 − 1 was all ones below its top bit
  // pathLength counts the elements after the first; the first is the seed (or root1, implied).
  const want = pathLength(fn, sn) + (powerOfTwo ? 0 : 1);
  if (proof.length !== want) fail(`wrong consistency proof length ${proof.length}, want ${want}`);
  const [seed, ...rest] = powerOfTwo ? [root1, ...proof] : proof;
  if (seed === undefined) fail('empty consistency proof');

  // Steps 3–6.
  let fr = seed;
  let sr = seed;
  for (const c of rest) {
    if (sn === 0) fail('consistency proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('consistency proof is too short');
  assertMatch('root1', fr, root1);
  assertMatch('root2', sr, root2);
}
