import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ATTEMPTS, retryDelay } from './retryDelay.ts';

test('retries back off from 10 s, doubling, capped at an hour', () => {
  assert.deepEqual(
    Array.from({ length: MAX_ATTEMPTS }, (_, i) => retryDelay(i + 1, 0) / 1000),
    [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600],
  );
  assert.equal(retryDelay(40, 0), 3600_000, 'no overflow far out');
});

test('jitter adds up to a tenth, never more', () => {
  assert.equal(retryDelay(1, 0.5), 10_500);
  assert.equal(retryDelay(1, 0.999999), 10_999);
  assert.equal(retryDelay(12, 0.999999), 3_959_999);
});
