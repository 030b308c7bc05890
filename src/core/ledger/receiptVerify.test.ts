import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { formatCheckpoint } from './checkpoint.ts';
import { leafHash, nodeHash, rootOf, toHex } from './merkleHash.ts';
import { generateSignerKey, signerFromSkey, signNote, verifierFromVkey } from './signedNote.ts';
import { verifyReceipt } from './receiptVerify.ts';
import { verifyInclusion } from './proofVerify.ts';

const key = generateSignerKey('receipt.test', new Uint8Array(32).fill(3));
const other = generateSignerKey('receipt.test', new Uint8Array(32).fill(4));
const leaves = ['a', 'b', 'c'].map((s) => leafHash(Buffer.from(s)));
const root = rootOf(leaves);
// Tree of 3: entry 2's path is [MTH(leaves 0..1)] (RFC 9162 §2.1.3.1).
const proof = [nodeHash(leaves[0]!, leaves[1]!)];
const note = signNote(formatCheckpoint({ origin: 'receipt.test/acme', size: 3, rootHash: root }), [
  signerFromSkey(key.skey),
]);
const receipt = {
  index: 2,
  leafHash: toHex(leaves[2]!),
  checkpoint: note,
  inclusionProof: { index: 2, size: 3, hashes: proof.map(toHex) },
};

test('a sound receipt verifies and yields its checkpoint', () => {
  verifyInclusion(2, 3, leaves[2]!, proof, root);
  const checkpoint = verifyReceipt(receipt, [verifierFromVkey(key.vkey)]);
  assert.deepEqual([checkpoint.origin, checkpoint.size], ['receipt.test/acme', 3]);
});

test('a receipt fails under another key, another leaf, or a proof for another index or size', () => {
  const refused = (r: typeof receipt, code: 'invalid_proof' | 'invalid_signature', vkey = key.vkey) =>
    assert.throws(
      () => verifyReceipt(r, [verifierFromVkey(vkey)]),
      (e) => isEvidentError(e, code),
    );
  refused(receipt, 'invalid_signature', other.vkey);
  refused({ ...receipt, leafHash: toHex(leaves[1]!) }, 'invalid_proof');
  refused({ ...receipt, index: 1 }, 'invalid_proof');
  refused({ ...receipt, inclusionProof: { ...receipt.inclusionProof, size: 4 } }, 'invalid_proof');
  refused({ ...receipt, inclusionProof: { ...receipt.inclusionProof, hashes: [] } }, 'invalid_proof');
});
