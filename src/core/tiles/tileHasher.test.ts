// Tiles built from leaves, and the root read back from tiles alone, against the reference tree of
// transparency-dev/merkle (RFC 9162 roots of its first 1..8 leaves) and against MTH computed directly
// (RFC 9162 §2.1.1) around every tile boundary up to level 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leafHash, rootOf, toHex } from '../ledger/merkleHash.ts';
import { REFERENCE_LEAVES, REFERENCE_ROOTS } from '../ledger/referenceTree.testdata.ts';
import { decodeEntryBundle, encodeEntryBundle } from './entryBundle.ts';
import { TileHasher, type Tile } from './tileHasher.ts';
import { tilePath, tilesOfTree } from './tileLayout.ts';
import { rootFromTiles } from './tileRoot.ts';

function tilesOf(leaves: readonly Uint8Array[]): { tiles: Map<string, Uint8Array>; root: Uint8Array } {
  const tiles = new Map<string, Uint8Array>();
  const keep = ({ tile, bytes }: Tile) => tiles.set(tilePath(tile), bytes);
  const hasher = new TileHasher(keep);
  leaves.forEach((leaf) => {
    hasher.addLeaf(leaf);
  });
  const { partial, root } = hasher.finish();
  partial.forEach(keep);
  return { tiles, root };
}

test('the reference tree: entries through a bundle, tiles, and roots equal to the published ones', () => {
  const entries = REFERENCE_LEAVES.map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
  const bundle = encodeEntryBundle(entries);
  // The empty first entry is a zero length: 0x00 0x00.
  assert.deepEqual([...bundle.subarray(0, 3)], [0, 0, 0]);
  const decoded = decodeEntryBundle(bundle, entries.length, 'tile/entries/000.p/8');
  for (let size = 1; size <= entries.length; size++) {
    const { tiles, root } = tilesOf(decoded.slice(0, size).map(leafHash));
    assert.equal(toHex(root), REFERENCE_ROOTS[size - 1], `size ${size}`);
    assert.deepEqual([...tiles.keys()], [`tile/0/000.p/${size}`]);
    const fromTiles = rootFromTiles(size, (tile) => tiles.get(tilePath(tile)) ?? new Uint8Array());
    assert.equal(toHex(fromTiles), REFERENCE_ROOTS[size - 1], `size ${size} from tiles`);
  }
});

test('tiles and roots around tile boundaries match RFC 9162 MTH computed directly', () => {
  const all = Array.from({ length: 65_537 + 300 }, (_, i) =>
    leafHash(new TextEncoder().encode(`entry ${i}`)),
  );
  for (const size of [1, 255, 256, 257, 511, 512, 513, 65_535, 65_536, 65_537, 65_837]) {
    const leaves = all.slice(0, size);
    const { tiles, root } = tilesOf(leaves);
    const expected = toHex(rootOf(leaves));
    assert.equal(toHex(root), expected, `size ${size}`);
    assert.deepEqual([...tiles.keys()].sort(), tilesOfTree(size).map(tilePath).sort(), `tiles of ${size}`);
    const fromTiles = rootFromTiles(size, (tile) => tiles.get(tilePath(tile)) ?? new Uint8Array());
    assert.equal(toHex(fromTiles), expected, `size ${size} from tiles`);
  }
  // A level-1 hash is the MTH of the 256 entries of the level-0 tile below it.
  const { tiles } = tilesOf(all.slice(0, 512));
  assert.equal(
    toHex(tiles.get('tile/1/000.p/2')?.subarray(32, 64) ?? new Uint8Array()),
    toHex(rootOf(all.slice(256, 512))),
  );
});

test('entry bundles: entries over 65,535 bytes are refused, and malformed bundles are tampered', () => {
  assert.throws(
    () => encodeEntryBundle([new Uint8Array(65_536)], 40),
    (e) => e instanceof Error && /entry 40 is 65536 bytes/.test(e.message),
  );
  assert.equal(encodeEntryBundle([new Uint8Array(65_535)]).length, 65_537);
  const bundle = encodeEntryBundle([Uint8Array.of(1, 2), Uint8Array.of(3)]);
  assert.throws(() => decodeEntryBundle(bundle, 1, 'b'), /1 bytes after its 1 entries|bytes after/);
  assert.throws(() => decodeEntryBundle(bundle, 3, 'b'), /holds 2 entries, not 3/);
  assert.throws(() => decodeEntryBundle(bundle.subarray(0, 3), 1, 'b'), /claims 2 bytes but only 1 follow/);
  assert.throws(() => decodeEntryBundle(bundle.subarray(0, 5), 2, 'b'), /ends inside the length of entry 1/);
});
