import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hexPrefixRange, likePattern } from './textMatch.ts';

test('a LIKE pattern takes %, _ and \\ literally and ignores case', () => {
  assert.equal(likePattern('Pay_V2'), '%pay\\_v2%');
  assert.equal(likePattern('100%'), '%100\\%%');
  assert.equal(likePattern('a\\b'), '%a\\\\b%');
});

test('a hex prefix is the range [prefix, prefix + "g")', () => {
  assert.deepEqual(hexPrefixRange('c0ffee'), ['c0ffee', 'c0ffeeg']);
  const [low, high] = hexPrefixRange('c0ffee');
  for (const inside of ['c0ffee', 'c0ffee0', `c0ffee${'f'.repeat(58)}`])
    assert.ok(inside >= low && inside < high);
  for (const outside of ['c0ffed', 'c0ffef', 'c0ffe']) assert.ok(!(outside >= low && outside < high));
});
