import { messageOf } from '../errors.ts';
import { parseCheckpoint, type Checkpoint } from '../ledger/checkpoint.ts';
import { HASH_SIZE, hashEquals, leafHash, toHex } from '../ledger/merkleHash.ts';
import { openNote, type NoteVerifier } from '../ledger/signedNote.ts';
import { decodeEntryBundle } from './entryBundle.ts';
import { TileHasher, type Tile } from './tileHasher.ts';
import { TILE_WIDTH, entriesPath, tilePath } from './tileLayout.ts';
import { rootFromTiles } from './tileRoot.ts';

/** What `verifyTileLog` found: the checkpoint (when it verified) and every problem, naming the file. */
export interface TileLogReport {
  readonly checkpoint: Checkpoint | undefined;
  readonly entries: number;
  readonly hashTiles: number;
  readonly problems: readonly string[];
}

/** The hash index at which two tiles first differ, for a precise message. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const hashes = Math.max(a.length, b.length) / HASH_SIZE;
  for (let i = 0; i < hashes; i++) {
    const x = a.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    const y = b.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    if (!hashEquals(x, y)) return i;
  }
  return -1;
}

/**
 * Verifies a C2SP tlog-tiles copy of a log offline (https://c2sp.org/tlog-tiles): the `checkpoint`
 * must be signed by a trusted key (c2sp.org/signed-note), every entry bundle up to its size must
 * parse; the leaf hashes of those entries (RFC 9162 §2.1.1) are rebuilt into every hash tile, full
 * and partial, which must equal the files; and both the tree of the entries and the tree read from
 * the hash tiles alone must have the checkpoint's root. `read` gives a file's bytes by its path in
 * the layout, or undefined when it is missing. Pure: the caller does the reading.
 */
export function verifyTileLog(
  checkpointNote: string,
  verifiers: readonly NoteVerifier[],
  read: (path: string) => Uint8Array | undefined,
): TileLogReport {
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(checkpointNote, verifiers).text);
  } catch (error) {
    return {
      checkpoint: undefined,
      entries: 0,
      hashTiles: 0,
      problems: [`checkpoint: does not verify with the trusted key (${messageOf(error)})`],
    };
  }
  const problems: string[] = [];
  const differing: Tile[] = [];
  let hashTiles = 0;
  const compare = ({ tile, bytes }: Tile) => {
    hashTiles += 1;
    const path = tilePath(tile);
    const stored = read(path);
    if (stored === undefined) problems.push(`${path}: missing`);
    else if (stored.length !== bytes.length || firstDifference(stored, bytes) >= 0)
      differing.push({ tile, bytes });
  };
  const hasher = new TileHasher(compare);
  const size = checkpoint.size;
  for (let index = 0; index * TILE_WIDTH < size; index++) {
    const width = Math.min(TILE_WIDTH, size - index * TILE_WIDTH);
    const path = entriesPath(index, width);
    const bundle = read(path);
    if (bundle === undefined) {
      problems.push(`${path}: missing, so the tree cannot be recomputed past entry ${index * TILE_WIDTH}`);
      return { checkpoint, entries: hasher.size, hashTiles, problems };
    }
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bundle, width, path);
    } catch (error) {
      problems.push(messageOf(error));
      return { checkpoint, entries: hasher.size, hashTiles, problems };
    }
    for (const entry of entries) hasher.addLeaf(leafHash(entry));
  }
  const { partial, root } = hasher.finish();
  partial.forEach(compare);
  const entriesAgree = hashEquals(root, checkpoint.rootHash);
  if (!entriesAgree) {
    problems.push(
      `tile/entries: the ${size} entries hash to root ${toHex(root)}, but the checkpoint's root is ${toHex(checkpoint.rootHash)}`,
    );
  }
  // Altered entries change every tile above them: name the entry bundles whose level-0 tiles differ,
  // and the hash tiles only when the entries agree with the signed root (or no level-0 tile differs).
  const dataLevel = differing.filter(({ tile }) => tile.level === 0);
  const blameEntries = !entriesAgree && dataLevel.length > 0;
  for (const { tile, bytes } of blameEntries ? dataLevel : differing) {
    const path = tilePath(tile);
    const stored = read(path) ?? new Uint8Array();
    const at = firstDifference(stored, bytes);
    if (blameEntries) {
      problems.push(
        `${entriesPath(tile.index, tile.width)}: its entries do not hash to ${path} (first at entry ${tile.index * TILE_WIDTH + at})`,
      );
    } else {
      problems.push(
        stored.length === bytes.length
          ? `${path}: hash ${at} is not the one computed from the entries`
          : `${path}: ${stored.length} bytes, not ${bytes.length}`,
      );
    }
  }
  if (problems.length === 0) {
    try {
      const tilesRoot = rootFromTiles(size, (tile) => read(tilePath(tile)) ?? new Uint8Array());
      if (!hashEquals(tilesRoot, checkpoint.rootHash))
        problems.push(`tile: the hash tiles give root ${toHex(tilesRoot)}, not the checkpoint's`);
    } catch (error) {
      problems.push(messageOf(error));
    }
  }
  return { checkpoint, entries: hasher.size, hashTiles, problems };
}
