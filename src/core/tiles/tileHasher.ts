import { CompactTree } from '../ledger/compactTree.ts';
import { HASH_SIZE, nodeHash } from '../ledger/merkleHash.ts';
import { TILE_WIDTH, type TileId } from './tileLayout.ts';

/** A tile and its bytes: its hashes, 32 bytes each, concatenated. */
export interface Tile {
  readonly tile: TileId;
  readonly bytes: Uint8Array;
}

/**
 * MTH of a perfect subtree given its 2^k leaf-level hashes, concatenated (RFC 9162 §2.1.1 with no
 * split remainder): hash pairs level by level. The hash a level-(l+1) tile holds for a full level-l
 * tile is this over the level-l tile's 256 hashes (c2sp.org/tlog-tiles "Merkle Tree").
 */
export function perfectRoot(hashes: Uint8Array): Uint8Array {
  let level: Uint8Array[] = [];
  for (let at = 0; at < hashes.length; at += HASH_SIZE) level.push(hashes.subarray(at, at + HASH_SIZE));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (left === undefined || right === undefined) throw new RangeError('not a power of two of hashes');
      next.push(nodeHash(left, right));
    }
    level = next;
  }
  const root = level[0];
  if (root === undefined) throw new RangeError('no hashes');
  return root;
}

/**
 * Builds the tiles of a log from its leaf hashes, in order, without holding the log: each full tile
 * is handed to `onFullTile` as soon as its 256th hash arrives (and its root goes up one level), and
 * `finish` returns the partial tiles of the tree so far with its root.
 */
export class TileHasher {
  private readonly levels: { buffer: Uint8Array; count: number; index: number }[] = [];
  private readonly tree = new CompactTree(0, []);

  constructor(private readonly onFullTile: (tile: Tile) => void) {}

  get size(): number {
    return this.tree.size;
  }

  addLeaf(leafHash: Uint8Array): void {
    this.tree.append(leafHash);
    this.add(0, leafHash);
  }

  private add(level: number, hash: Uint8Array): void {
    let state = this.levels[level];
    if (state === undefined) {
      state = { buffer: new Uint8Array(TILE_WIDTH * HASH_SIZE), count: 0, index: 0 };
      this.levels[level] = state;
    }
    state.buffer.set(hash, state.count * HASH_SIZE);
    state.count += 1;
    if (state.count < TILE_WIDTH) return;
    const bytes = state.buffer.slice();
    this.onFullTile({ tile: { level, index: state.index, width: TILE_WIDTH }, bytes });
    state.index += 1;
    state.count = 0;
    this.add(level + 1, perfectRoot(bytes));
  }

  /** The partial tiles of the tree of the leaves added so far, lowest level first, and its root. */
  finish(): { partial: Tile[]; root: Uint8Array } {
    const partial = this.levels.flatMap((state, level) =>
      state.count === 0
        ? []
        : [
            {
              tile: { level, index: state.index, width: state.count },
              bytes: state.buffer.slice(0, state.count * HASH_SIZE),
            },
          ],
    );
    return { partial, root: this.tree.root() };
  }
}
