import { EvidentError } from '../errors.ts';
import { HASH_SIZE } from '../ledger/merkleHash.ts';
import { foldRange, frontier, rootFromFrontier } from '../ledger/treeMath.ts';
import { perfectRoot } from './tileHasher.ts';
import { TILE_HEIGHT, TILE_WIDTH, tileHolding, tilePath, type TileId } from './tileLayout.ts';

/**
 * The root of a tree of `size` entries read from its hash tiles alone, as a tlog-tiles client
 * computes it: the tree is the fold of its frontier (RFC 9162 §2.1.1: the perfect subtrees of the
 * binary decomposition of size); a subtree of 2^k leaves, k = 8·l + j, is MTH over 2^j consecutive
 * hashes of a level-l tile (c2sp.org/tlog-tiles "Merkle Tree": the levels between tile levels are
 * reconstructed by hashing). `read` gives a tile's bytes; a tile of the wrong length is `tampered`.
 */
export function rootFromTiles(size: number, read: (tile: TileId) => Uint8Array): Uint8Array {
  const hashes = frontier(size).map(({ level: k, index }) => {
    const level = Math.floor(k / TILE_HEIGHT);
    const span = 2 ** (k % TILE_HEIGHT);
    const position = index * span;
    const tile = tileHolding(level, position, size);
    const bytes = read(tile);
    if (bytes.length !== tile.width * HASH_SIZE) {
      throw new EvidentError(
        'tampered',
        `${tilePath(tile)} is ${bytes.length} bytes, not ${tile.width * HASH_SIZE}`,
      );
    }
    const offset = (position % TILE_WIDTH) * HASH_SIZE;
    return perfectRoot(bytes.subarray(offset, offset + span * HASH_SIZE));
  });
  return hashes.length === 0 ? rootFromFrontier([]) : foldRange(hashes);
}
