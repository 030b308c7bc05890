import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absoluteRef, snapshotPath, snapshotRef } from './snapshotRefQuery.ts';

test('each REF becomes the query the API takes, and an absolute REF for the diff', () => {
  const cases: [string, string, string][] = [
    ['prod', '/environments/prod/snapshot', 'prod'],
    ['prod#12', '/environments/prod/snapshot?number=12', 'prod#12'],
    ['prod~1', '/environments/prod/snapshot?back=1', 'prod~1'],
    [
      'prod@{2026-11-19T03:30:00+01:00}',
      '/environments/prod/snapshot?at=2026-11-19T02%3A30%3A00.000Z',
      'prod@{2026-11-19T02:30:00.000Z}',
    ],
  ];
  for (const [text, path, absolute] of cases) {
    assert.equal(snapshotPath(snapshotRef(text)), path, text);
    assert.equal(absoluteRef(snapshotRef(text)), absolute, text);
  }
});

test('a relative time is counted back from this clock, once', () => {
  const before = Date.now();
  const ref = absoluteRef(snapshotRef('prod@{2.days.ago}'));
  const at = Date.parse(/^prod@\{(.*)\}$/.exec(ref)?.[1] ?? '');
  assert.ok(Math.abs(before - 2 * 86_400_000 - at) < 5000, ref);
});
