import { EvidentError } from '../errors.ts';
import { EMPTY_ROOT, nodeHash, splitPoint } from './merkleHash.ts';

/**
 * Names the perfect subtree over leaves [index·2^level, (index+1)·2^level). Level 0 are leaf hashes.
 * Storage keeps the hash of every perfect subtree once it is complete; every RFC 9162 proof and root
 * is a fold of O(log n) of them.
 *
 * All arithmetic is on JS numbers (no 32-bit bitwise operators): sizes and indices may be any safe
 * integer, so trees beyond 2^31 leaves work.
 */
export type NodeId = { level: number; index: number };

/** Map key for a node: "level/index". */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new EvidentError('invalid_proof', `${name} must be a safe integer >= ${min}, got ${value}`);
  }
}

/** The perfect subtree with `2^level` leaves that starts at leaf `begin` (which must be aligned). */
function perfectNode(begin: number, level: number): NodeId {
  const width = 2 ** level;
  if (begin % width !== 0) {
    throw new EvidentError(
      'invalid_proof',
      `range start ${begin} is not aligned to a subtree of ${width} leaves`,
    );
  }
  return { level, index: begin / width };
}

/** log2 of a power of two. */
function log2(pow: number): number {
  let level = 0;
  for (let p = 1; p < pow; p *= 2) level++;
  return level;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** log2(n) === n;
}

/**
 * Nodes with level ≥ 1 completed by appending leaf `leafIndex`: every level L with
 * (leafIndex+1) mod 2^L = 0, index (leafIndex+1)/2^L − 1, ordered by level ascending.
 */
export function completedNodes(leafIndex: number): NodeId[] {
  assertCount('leafIndex', leafIndex, 0);
  const count = leafIndex + 1;
  const out: NodeId[] = [];
  for (let level = 1, width = 2; count % width === 0; level++, width *= 2) {
    out.push({ level, index: count / width - 1 });
  }
  return out;
}

/**
 * Perfect subtrees whose concatenation is the tree of `size` leaves, left to right (largest first):
 * the binary decomposition of `size`. Empty for size 0.
 */
export function frontier(size: number): NodeId[] {
  assertCount('size', size, 0);
  return size === 0 ? [] : rangeNodes(0, size);
}

/**
 * Decomposition of the leaf range [begin, end) into perfect subtrees, left to right, following the
 * RFC 9162 §2.1.1 split (largest power of two smaller than the length on the left, recurse right), so
 * that `foldRange` of their hashes is MTH(D[begin:end]). `begin` must be aligned the way every range
 * in an RFC 9162 proof is (a multiple of each left part's width); otherwise throws `invalid_proof`.
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  assertCount('begin', begin, 0);
  assertCount('end', end, begin + 1);
  const out: NodeId[] = [];
  let start = begin;
  while (start < end) {
    const n = end - start;
    const width = isPowerOfTwo(n) ? n : splitPoint(n);
    out.push(perfectNode(start, log2(width)));
    start += width;
  }
  return out;
}

/**
 * Right fold of subtree hashes: h = last; for i from n−2 down to 0, h = nodeHash(hashes[i], h).
 * For the output of `rangeNodes` this is MTH of the range (RFC 9162 §2.1.1).
 */
export function foldRange(hashes: readonly Uint8Array[]): Uint8Array {
  let h: Uint8Array | undefined;
  for (let i = hashes.length - 1; i >= 0; i--) {
    const left = hashes[i];
    if (left !== undefined) h = h === undefined ? left : nodeHash(left, h);
  }
  if (h === undefined) throw new EvidentError('invalid_proof', 'cannot fold an empty range');
  return h;
}

/** A proof plan: one range (list of nodes to fold) per proof element. */
export type ProofPlan = NodeId[][];

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]) as ranges of stored nodes, leaf side first:
 * for k the largest power of two < n, PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) if m < k,
 * else PATH(m − k, D[k:n]) : MTH(D[0:k]).
 */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  assertCount('size', size, 1);
  assertCount('index', index, 0);
  if (index >= size) throw new EvidentError('invalid_proof', `index ${index} is beyond tree size ${size}`);
  const topDown: ProofPlan = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      topDown.push(rangeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeNodes(lo, lo + k));
      lo += k;
    }
  }
  return topDown.reverse();
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), leaf side first:
 * SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])};
 * for m < n and k the largest power of two < n:
 * m ≤ k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); m > k: SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k]).
 * `from` = 0 has no proof (like the reference implementations) and throws `invalid_proof`.
 */
export function consistencyProofPlan(from: number, to: number): ProofPlan {
  assertCount('to', to, 0);
  assertCount('from', from, 0);
  if (from > to) throw new EvidentError('invalid_proof', `size1 ${from} is greater than size2 ${to}`);
  if (from === 0) throw new EvidentError('invalid_proof', 'there is no consistency proof from an empty tree');
  const topDown: ProofPlan = [];
  let lo = 0;
  let hi = to;
  let whole = true; // the b flag of SUBPROOF
  while (from !== hi) {
    const k = splitPoint(hi - lo);
    if (from <= lo + k) {
      topDown.push(rangeNodes(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeNodes(lo, lo + k));
      lo += k;
      whole = false;
    }
  }
  if (!whole) topDown.push(rangeNodes(lo, hi));
  return topDown.reverse();
}

/**
 * Turns a plan into proof hashes by looking up each stored node and folding each range. Proofs of
 * neighbouring leaves share most ranges; pass one `folded` map to several calls to fold each once.
 */
export function materialize(
  plan: ProofPlan,
  lookup: (id: NodeId) => Uint8Array,
  folded?: Map<string, Uint8Array>,
): Uint8Array[] {
  return plan.map((range) => {
    const first = range[0];
    const last = range.at(-1);
    if (range.length === 1 && first !== undefined) return lookup(first);
    if (folded === undefined || first === undefined || last === undefined)
      return foldRange(range.map(lookup));
    const key = `${nodeKey(first)}:${nodeKey(last)}`;
    let hash = folded.get(key);
    if (hash === undefined) folded.set(key, (hash = foldRange(range.map(lookup))));
    return hash;
  });
}

/** Root of a tree from the hashes of its `frontier` (in order); the empty tree's root if none. */
export function rootFromFrontier(hashes: readonly Uint8Array[]): Uint8Array {
  return hashes.length === 0 ? EMPTY_ROOT.slice() : foldRange(hashes);
}
