// Vectors: the reference tree of transparency-dev/merkle proof/verify_test.go and
// cmd/proofgen/main.go (leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
// 606162636465666768696a6b6c6d6e6f and the roots of its prefixes of size 1..8), the same tree as in
// google/certificate-transparency's RFC 6962 tests. SHA-256("") is FIPS 180-4's empty-string digest.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../errors.ts';
import {
  EMPTY_ROOT,
  fromHex,
  hashFromHex,
  leafHash,
  nodeHash,
  rootOf,
  splitPoint,
  toHex,
} from './merkleHash.ts';
import { REFERENCE_LEAVES, REFERENCE_ROOTS } from './referenceTree.testdata.ts';

describe('merkleHash', () => {
  it('EMPTY_ROOT is SHA-256 of the empty string (RFC 9162 §2.1.1)', () => {
    assert.equal(toHex(EMPTY_ROOT), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.deepEqual(rootOf([]), EMPTY_ROOT);
  });

  it('leafHash and nodeHash use the 0x00 / 0x01 domain separation prefixes', () => {
    assert.equal(
      toHex(leafHash(new Uint8Array())),
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    assert.equal(
      toHex(leafHash(fromHex('00'))),
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    );
    const l0 = leafHash(new Uint8Array());
    const l1 = leafHash(fromHex('00'));
    assert.equal(toHex(nodeHash(l0, l1)), 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
    assert.notEqual(toHex(nodeHash(l1, l0)), toHex(nodeHash(l0, l1)));
    assert.throws(
      () => nodeHash(l0, l1.subarray(1)),
      (e: unknown) => isEvidentError(e, 'invalid_proof'),
    );
  });

  it('rootOf matches the published roots of the reference tree for sizes 1..8', () => {
    const leaves = REFERENCE_LEAVES.map((hex) => leafHash(fromHex(hex)));
    REFERENCE_ROOTS.forEach((root, i) => {
      assert.equal(toHex(rootOf(leaves.slice(0, i + 1))), root, `size ${i + 1}`);
    });
  });

  it('rootOf rejects leaf hashes that are not 32 bytes', () => {
    assert.throws(
      () => rootOf([new Uint8Array(31)]),
      (e: unknown) => isEvidentError(e, 'invalid_proof'),
    );
  });

  it('splitPoint is the largest power of two strictly below n', () => {
    assert.deepEqual([2, 3, 4, 5, 8, 9, 2 ** 40 + 1].map(splitPoint), [1, 2, 2, 4, 4, 8, 2 ** 40]);
  });

  it('hex helpers are strict', () => {
    const h = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    assert.deepEqual(hashFromHex(h), EMPTY_ROOT);
    assert.deepEqual(hashFromHex(h.toLowerCase()), EMPTY_ROOT);
    for (const bad of [h.slice(2), h + '00', h.slice(1) + 'g', ' ' + h.slice(1), '']) {
      assert.throws(
        () => hashFromHex(bad),
        (e: unknown) => isEvidentError(e, 'invalid_proof'),
        bad,
      );
    }
    assert.deepEqual(fromHex(''), new Uint8Array());
    assert.throws(
      () => fromHex('abc'),
      (e: unknown) => isEvidentError(e, 'invalid_proof'),
    );
    assert.throws(
      () => fromHex('zz'),
      (e: unknown) => isEvidentError(e, 'invalid_proof'),
    );
    assert.equal(toHex(Uint8Array.of(0, 15, 255)), '000fff');
  });
});
