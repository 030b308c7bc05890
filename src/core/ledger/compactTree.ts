import { EMPTY_ROOT, nodeHash } from './merkleHash.ts';

/**
 * The right edge of a Merkle tree: the roots of its perfect subtrees, largest (leftmost) first.
 * Appending a leaf merges equal-sized subtrees (RFC 9162 §2.1.1 structure: the tree of n leaves is
 * the perfect subtrees of n's binary decomposition, joined right to left). Each merge completes one
 * stored node; `append` reports them so storage can keep every perfect subtree exactly once.
 */
export class CompactTree {
  private readonly hashes: Uint8Array[];
  private count: number;

  /** `frontier` = the perfect-subtree hashes of a tree of `size` leaves, largest first. */
  constructor(size: number, frontier: readonly Uint8Array[]) {
    if (frontier.length !== popCount(size)) {
      throw new RangeError(
        `a tree of ${size} leaves has ${popCount(size)} frontier hashes, got ${frontier.length}`,
      );
    }
    this.count = size;
    this.hashes = [...frontier];
  }

  get size(): number {
    return this.count;
  }

  /** Adds a leaf hash; returns the hashes of the nodes it completes, for levels 1, 2, … in order. */
  append(leaf: Uint8Array): Uint8Array[] {
    const completed: Uint8Array[] = [];
    let hash = leaf;
    // Leaf `count` completes one node per trailing 1-bit of count (the subtrees it closes).
    for (let n = this.count; n % 2 === 1; n = (n - 1) / 2) {
      const left = this.hashes.pop();
      if (left === undefined) throw new Error('compact tree underflow');
      hash = nodeHash(left, hash);
      completed.push(hash);
    }
    this.hashes.push(hash);
    this.count += 1;
    return completed;
  }

  /** The current frontier, largest subtree first. */
  frontier(): Uint8Array[] {
    return [...this.hashes];
  }

  /** Root hash per RFC 9162 §2.1.1 (SHA-256 of the empty string for the empty tree). */
  root(): Uint8Array {
    const last = this.hashes.at(-1);
    if (last === undefined) return EMPTY_ROOT;
    let hash = last;
    for (let i = this.hashes.length - 2; i >= 0; i--) hash = nodeHash(this.hashes[i] as Uint8Array, hash);
    return hash;
  }
}

export function popCount(n: number): number {
  let bits = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) bits += v % 2;
  return bits;
}
