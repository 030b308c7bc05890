import { EvidentError } from '../errors.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { hashFromHex } from './merkleHash.ts';
import { verifyInclusion } from './proofVerify.ts';
import { openNote, type NoteVerifier } from './signedNote.ts';

/** A write's receipt as the API sends it (DESIGN §3 "Receipts"). */
export interface ReceiptLike {
  readonly index: number;
  readonly leafHash: string;
  readonly checkpoint: string;
  readonly inclusionProof: {
    readonly index: number;
    readonly size: number;
    readonly hashes: readonly string[];
  };
}

/**
 * Checks a receipt on its own: the checkpoint is signed by a trusted key (C2SP signed-note), and the
 * inclusion proof puts the leaf at its index in the tree the checkpoint commits to (RFC 9162 §2.1.3.2).
 * Returns the checkpoint, so the caller can also check origin and consistency with what it saw before.
 */
export function verifyReceipt(receipt: ReceiptLike, verifiers: readonly NoteVerifier[]): Checkpoint {
  const checkpoint = parseCheckpoint(openNote(receipt.checkpoint, verifiers).text);
  const { index, size, hashes } = receipt.inclusionProof;
  if (index !== receipt.index || size !== checkpoint.size) {
    throw new EvidentError(
      'invalid_proof',
      `receipt proof is for entry ${index} in a tree of ${size}, but the receipt is for entry ${receipt.index} under a checkpoint of size ${checkpoint.size}`,
    );
  }
  verifyInclusion(index, size, hashFromHex(receipt.leafHash), hashes.map(hashFromHex), checkpoint.rootHash);
  return checkpoint;
}
