// Vectors: the happy-path proofs of transparency-dev/merkle testdata (test/vectors/merkle/, see its
// README) over the reference tree of proof/verify_test.go must be reproduced exactly from stored
// perfect subtrees. Property tests: for every size 1..64, every inclusion and consistency plan
// materialized from an incrementally built node store verifies and equals RFC 9162 §2.1.3.1 /
// §2.1.4.1 PATH / PROOF computed directly from the leaves.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { EMPTY_ROOT, fromHex, leafHash, nodeHash, rootOf, splitPoint, toHex } from './merkleHash.ts';
import { consistencyVectors, inclusionVectors } from './merkleVectors.testdata.ts';
import { verifyConsistency, verifyInclusion } from './proofVerify.ts';
import { REFERENCE_LEAVES, REFERENCE_ROOTS } from './referenceTree.testdata.ts';
import {
  completedNodes,
  consistencyProofPlan,
  foldRange,
  frontier,
  inclusionProofPlan,
  materialize,
  nodeKey,
  rangeNodes,
  rootFromFrontier,
  type NodeId,
} from './treeMath.ts';

const invalidProof = (e: unknown): boolean => isEvidentError(e, 'invalid_proof');

/** A node store built the way storage does it: leaf hashes plus every completed perfect subtree. */
class NodeStore {
  readonly nodes = new Map<string, Uint8Array>();
  size = 0;

  append(hash: Uint8Array): void {
    const index = this.size++;
    this.nodes.set(nodeKey({ level: 0, index }), hash);
    for (const id of completedNodes(index)) {
      const left = this.get({ level: id.level - 1, index: 2 * id.index });
      const right = this.get({ level: id.level - 1, index: 2 * id.index + 1 });
      this.nodes.set(nodeKey(id), nodeHash(left, right));
    }
  }

  get = (id: NodeId): Uint8Array => {
    const h = this.nodes.get(nodeKey(id));
    if (h === undefined) throw new Error(`node ${nodeKey(id)} not stored`);
    return h;
  };
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) directly over leaf hashes. */
function rfcPath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  const n = leaves.length;
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k
    ? [...rfcPath(m, leaves.slice(0, k)), rootOf(leaves.slice(k))]
    : [...rfcPath(m - k, leaves.slice(k)), rootOf(leaves.slice(0, k))];
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b) directly over leaf hashes. */
function rfcSubproof(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [rootOf(leaves)];
  const k = splitPoint(n);
  return m <= k
    ? [...rfcSubproof(m, leaves.slice(0, k), b), rootOf(leaves.slice(k))]
    : [...rfcSubproof(m - k, leaves.slice(k), false), rootOf(leaves.slice(0, k))];
}

const hex = (hs: readonly Uint8Array[]): string[] => hs.map(toHex);

describe('treeMath: node addressing', () => {
  it('completedNodes lists the subtrees a leaf completes, level ascending', () => {
    assert.deepEqual(completedNodes(0), []);
    assert.deepEqual(completedNodes(1), [{ level: 1, index: 0 }]);
    assert.deepEqual(completedNodes(2), []);
    assert.deepEqual(completedNodes(3), [
      { level: 1, index: 1 },
      { level: 2, index: 0 },
    ]);
    assert.deepEqual(completedNodes(11), [
      { level: 1, index: 5 },
      { level: 2, index: 2 },
    ]);
    const big = completedNodes(2 ** 40 - 1);
    assert.equal(big.length, 40);
    assert.deepEqual(big.at(-1), { level: 40, index: 0 });
    assert.deepEqual(completedNodes(3 * 2 ** 33 - 1).at(-1), { level: 33, index: 2 });
    assert.throws(() => completedNodes(-1), invalidProof);
    assert.throws(() => completedNodes(2 ** 53), invalidProof);
  });

  it('frontier is the binary decomposition of the size, largest first', () => {
    assert.deepEqual(frontier(0), []);
    assert.deepEqual(frontier(1), [{ level: 0, index: 0 }]);
    assert.deepEqual(frontier(6), [
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    assert.deepEqual(frontier(7), [
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    assert.deepEqual(frontier(2 ** 33 + 2 ** 31 + 1), [
      { level: 33, index: 0 },
      { level: 31, index: 4 },
      { level: 0, index: 2 ** 33 + 2 ** 31 },
    ]);
  });

  it('rangeNodes decomposes RFC 9162 ranges and rejects unaligned ones', () => {
    assert.deepEqual(rangeNodes(4, 8), [{ level: 2, index: 1 }]);
    assert.deepEqual(rangeNodes(4, 7), [
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    assert.deepEqual(rangeNodes(8, 13), [
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    assert.throws(() => rangeNodes(2, 6), invalidProof); // 4 leaves, not aligned to a 4-leaf subtree
    assert.throws(() => rangeNodes(3, 3), invalidProof);
    assert.throws(() => rangeNodes(5, 4), invalidProof);
  });

  it('foldRange is a right fold and rejects an empty range', () => {
    const [a, b, c] = [1, 2, 3].map((i) => leafHash(Uint8Array.of(i))) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    assert.deepEqual(foldRange([a]), a);
    assert.deepEqual(foldRange([a, b, c]), nodeHash(a, nodeHash(b, c)));
    assert.throws(() => foldRange([]), invalidProof);
    assert.deepEqual(rootFromFrontier([]), EMPTY_ROOT);
  });

  it('plans reject impossible arguments', () => {
    assert.throws(() => inclusionProofPlan(3, 3), invalidProof);
    assert.throws(() => inclusionProofPlan(0, 0), invalidProof);
    assert.throws(() => inclusionProofPlan(-1, 3), invalidProof);
    assert.throws(() => consistencyProofPlan(0, 3), invalidProof);
    assert.throws(() => consistencyProofPlan(4, 3), invalidProof);
    assert.throws(() => consistencyProofPlan(1.5, 3), invalidProof);
    assert.deepEqual(consistencyProofPlan(5, 5), []);
  });

  it('plans for trees beyond 2^32 leaves have the reference proof length and O(log n) nodes', () => {
    // Expected lengths from the reference implementation's decomposition (inner + border).
    const bitLen = (x: bigint): number => x.toString(2).replace(/^0+/, '').length;
    const ones = (x: bigint): number => (x.toString(2).match(/1/g) ?? []).length;
    const inclusionLength = (index: number, size: number): number => {
      const inner = bitLen(BigInt(index) ^ BigInt(size - 1));
      return inner + ones(BigInt(index) >> BigInt(inner));
    };
    const consistencyLength = (from: number, to: number): number => {
      let shift = 0;
      while ((from / 2 ** shift) % 2 === 0) shift++;
      return inclusionLength(from - 1, to) - shift + (from === 2 ** shift ? 0 : 1);
    };
    for (const [index, size] of [
      [0, 2 ** 40 + 3],
      [2 ** 33 + 17, 2 ** 35 - 1],
      [2 ** 52, 2 ** 53 - 1],
    ] as const) {
      const plan = inclusionProofPlan(index, size);
      assert.equal(plan.length, inclusionLength(index, size));
      assert.ok(plan.flat().length <= 2 * 54);
    }
    for (const [from, to] of [
      [2 ** 40 - 3, 2 ** 41 + 12345],
      [2 ** 32, 2 ** 33 + 1],
      [3 * 2 ** 31, 2 ** 53 - 1],
    ] as const) {
      const plan = consistencyProofPlan(from, to);
      assert.equal(plan.length, consistencyLength(from, to));
      assert.ok(plan.flat().length <= 2 * 54);
    }
  });
});

describe('treeMath: transparency-dev/merkle reference tree', () => {
  const store = new NodeStore();
  for (const data of REFERENCE_LEAVES) store.append(leafHash(fromHex(data)));

  it('roots from frontiers match the published roots for sizes 1..8', () => {
    REFERENCE_ROOTS.forEach((root, i) => {
      assert.equal(toHex(rootFromFrontier(frontier(i + 1).map(store.get))), root);
    });
  });

  const happyInclusion = inclusionVectors.filter((v) => !v.wantErr && v.size <= REFERENCE_LEAVES.length);
  const happyConsistency = consistencyVectors.filter(
    (v) => !v.wantErr && v.size1 > 0 && v.size2 <= REFERENCE_LEAVES.length && v.root1.length === 32,
  );

  it('covers the published happy paths', () => {
    assert.ok(happyInclusion.length >= 5);
    assert.ok(happyConsistency.length >= 5);
  });

  for (const v of happyInclusion) {
    it(`inclusion plan reproduces ${v.source}`, () => {
      // The single-entry probes use a tree of one leaf "data", not the reference tree.
      if (v.source.includes('single-entry')) return;
      assert.deepEqual(hex(materialize(inclusionProofPlan(v.index, v.size), store.get)), hex(v.proof));
      assert.equal(toHex(rootFromFrontier(frontier(v.size).map(store.get))), toHex(v.root));
    });
  }
  for (const v of happyConsistency) {
    it(`consistency plan reproduces ${v.source}`, () => {
      assert.deepEqual(hex(materialize(consistencyProofPlan(v.size1, v.size2), store.get)), hex(v.proof));
    });
  }
});

describe('treeMath: every plan for sizes 1..64 verifies', () => {
  const MAX = 64;
  const leaves = Array.from({ length: MAX }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
  const store = new NodeStore();
  const roots: Uint8Array[] = [];
  for (const h of leaves) {
    store.append(h);
    roots.push(rootOf(leaves.slice(0, store.size)));
  }

  it('frontier roots equal MTH for every size', () => {
    for (let n = 1; n <= MAX; n++) {
      assert.deepEqual(rootFromFrontier(frontier(n).map(store.get)), roots[n - 1], `size ${n}`);
    }
  });

  it('inclusion: plan = RFC PATH, verifies, and every single-bit corruption is rejected', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      const root = roots[n - 1]!;
      for (let m = 0; m < n; m++) {
        const proof = materialize(inclusionProofPlan(m, n), store.get);
        assert.deepEqual(hex(proof), hex(rfcPath(m, prefix)), `PATH(${m}, D[${n}])`);
        verifyInclusion(m, n, leaves[m]!, proof, root);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((h) => h.slice());
          bad[i]![i % 32]! ^= 1;
          assert.throws(() => {
            verifyInclusion(m, n, leaves[m]!, bad, root);
          }, invalidProof);
        }
        if (n > 1) {
          assert.throws(() => {
            verifyInclusion((m + 1) % n, n, leaves[m]!, proof, root);
          }, invalidProof);
        }
        checked++;
      }
    }
    assert.equal(checked, (MAX * (MAX + 1)) / 2);
  });

  it('consistency: plan = RFC PROOF, verifies, and corruptions are rejected', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = materialize(consistencyProofPlan(m, n), store.get);
        assert.deepEqual(hex(proof), hex(rfcSubproof(m, prefix, true)), `PROOF(${m}, D[${n}])`);
        verifyConsistency(m, n, proof, roots[m - 1]!, roots[n - 1]!);
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((h) => h.slice());
          bad[i]![0]! ^= 0x80;
          assert.throws(() => {
            verifyConsistency(m, n, bad, roots[m - 1]!, roots[n - 1]!);
          }, invalidProof);
        }
        if (m < n) {
          assert.throws(() => {
            verifyConsistency(m, n, proof.slice(1), roots[m - 1]!, roots[n - 1]!);
          }, invalidProof);
          assert.throws(() => {
            verifyConsistency(m, n, [...proof, roots[0]!], roots[m - 1]!, roots[n - 1]!);
          }, invalidProof);
          assert.throws(() => {
            verifyConsistency(m, n, proof, roots[n - 1]!, roots[m - 1]!);
          }, invalidProof);
        }
        checked++;
      }
    }
    assert.equal(checked, (MAX * (MAX + 1)) / 2);
  });
});
