import { EvidentError } from '../errors.ts';

/*
 * The C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles, "Merkle Tree" and "Log entries"): tiles of
 * height 8, so a full tile holds 256 hashes (8,192 bytes); the n-th tile at level l holds, for i from
 * 0 to 255, MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]). The rightmost tiles of a tree whose
 * size is not a multiple of the tile span are partial, 1 to 255 hashes wide.
 */

/** Tile height fixed by the spec: 8 levels of the Merkle tree per tile. */
export const TILE_HEIGHT = 8;
/** Hashes in a full tile, and entries in a full entry bundle (2^TILE_HEIGHT). */
export const TILE_WIDTH = 256;

/** One tile: its level, its index within the level, and its width (TILE_WIDTH when full). */
export interface TileId {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/**
 * `<N>` of a tile path: the index in zero-padded 3-digit path elements, all but the last prefixed
 * with `x` (1234067 → `x001/x234/067`), so that tiles can be stored as files without a file and a
 * folder of the same name ("Merkle Tree").
 */
export function indexPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new EvidentError('bad_request', `a tile index is a non-negative integer, got ${index}`);
  }
  const parts: string[] = [];
  let rest = index;
  do {
    parts.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return parts.map((part, i) => (i < parts.length - 1 ? `x${part}` : part)).join('/');
}

function suffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new EvidentError('bad_request', `a tile is 1 to ${TILE_WIDTH} hashes wide, got ${width}`);
  }
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]`, relative to the log's prefix. */
export function tilePath(tile: TileId): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > 63) {
    throw new EvidentError('bad_request', `a tile level is 0 to 63, got ${tile.level}`);
  }
  return `tile/${tile.level}/${indexPath(tile.index)}${suffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]`: the entry bundle of the level-0 tile `index` ("Log entries"). */
export function entriesPath(index: number, width: number): string {
  return `tile/entries/${indexPath(index)}${suffix(width)}`;
}

/**
 * Every hash tile of a tree of `size` entries, level by level, full tiles first: at level l the tree
 * has floor(size / 256^l) hashes, so floor of that / 256 full tiles and, when the remainder is not
 * 0, one partial tile of that width ("Partial Tiles": a tree of 70,000 has 273 full level-0 tiles, a
 * level-0 partial of 112, one full level-1 tile, a level-1 partial of 17 and a level-2 partial of 1).
 * The entry bundles are those of level 0.
 */
export function tilesOfTree(size: number): TileId[] {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new EvidentError('bad_request', `a tree size is a non-negative integer, got ${size}`);
  }
  const tiles: TileId[] = [];
  for (let level = 0, span = 1; Math.floor(size / span) > 0; level++, span *= TILE_WIDTH) {
    const hashes = Math.floor(size / span);
    const full = Math.floor(hashes / TILE_WIDTH);
    for (let index = 0; index < full; index++) tiles.push({ level, index, width: TILE_WIDTH });
    if (hashes % TILE_WIDTH > 0) tiles.push({ level, index: full, width: hashes % TILE_WIDTH });
  }
  return tiles;
}

/** The tile that holds hash `position` of level `level` in a tree of `size` entries. */
export function tileHolding(level: number, position: number, size: number): TileId {
  const hashes = Math.floor(size / TILE_WIDTH ** level);
  if (position >= hashes) {
    throw new EvidentError('bad_request', `a tree of ${size} has no hash ${position} at tile level ${level}`);
  }
  const index = Math.floor(position / TILE_WIDTH);
  const width = Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH);
  return { level, index, width };
}
