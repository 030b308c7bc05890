// Tile paths and the tiles of a tree, checked against the examples of the C2SP tlog-tiles spec
// (https://c2sp.org/tlog-tiles, "Merkle Tree" and "Partial Tiles").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { entriesPath, indexPath, tileHolding, tilePath, tilesOfTree } from './tileLayout.ts';

test('index paths are 3-digit elements, all but the last x-prefixed (the spec: 1234067 → x001/x234/067)', () => {
  assert.equal(indexPath(1234067), 'x001/x234/067');
  assert.equal(indexPath(0), '000');
  assert.equal(indexPath(7), '007');
  assert.equal(indexPath(999), '999');
  assert.equal(indexPath(1000), 'x001/000');
  assert.equal(indexPath(1_000_000), 'x001/x000/000');
  assert.throws(
    () => indexPath(-1),
    (e) => isEvidentError(e, 'bad_request'),
  );
});

test('tile and entry bundle paths, with .p/<W> only on partial tiles', () => {
  assert.equal(tilePath({ level: 0, index: 1234067, width: 256 }), 'tile/0/x001/x234/067');
  assert.equal(tilePath({ level: 2, index: 1, width: 17 }), 'tile/2/001.p/17');
  assert.equal(entriesPath(3, 256), 'tile/entries/003');
  assert.equal(entriesPath(3, 44), 'tile/entries/003.p/44');
  assert.throws(
    () => tilePath({ level: 64, index: 0, width: 1 }),
    (e) => isEvidentError(e, 'bad_request'),
  );
  assert.throws(
    () => entriesPath(0, 0),
    (e) => isEvidentError(e, 'bad_request'),
  );
  assert.throws(
    () => entriesPath(0, 257),
    (e) => isEvidentError(e, 'bad_request'),
  );
});

test('a tree of 70,000: 273 full level-0 tiles, partials of 112, 17 and 1, one full level-1 tile', () => {
  const tiles = tilesOfTree(70_000);
  const at = (level: number) => tiles.filter((t) => t.level === level);
  assert.equal(at(0).filter((t) => t.width === 256).length, 273);
  assert.deepEqual(at(0).at(-1), { level: 0, index: 273, width: 112 });
  assert.deepEqual(at(1), [
    { level: 1, index: 0, width: 256 },
    { level: 1, index: 1, width: 17 },
  ]);
  assert.deepEqual(at(2), [{ level: 2, index: 0, width: 1 }]);
  assert.equal(tiles.length, 274 + 2 + 1);
});

test('a tree of 256: a full level-0 tile and a level-1 partial of width 1; empty trees have no tiles', () => {
  assert.deepEqual(tilesOfTree(256), [
    { level: 0, index: 0, width: 256 },
    { level: 1, index: 0, width: 1 },
  ]);
  assert.deepEqual(tilesOfTree(0), []);
  assert.deepEqual(tilesOfTree(1), [{ level: 0, index: 0, width: 1 }]);
  assert.deepEqual(tileHolding(0, 300, 700), { level: 0, index: 1, width: 256 });
  assert.deepEqual(tileHolding(0, 600, 700), { level: 0, index: 2, width: 188 });
  assert.deepEqual(tileHolding(1, 1, 700), { level: 1, index: 0, width: 2 });
});
