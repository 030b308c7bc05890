import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEvidentError } from '../errors.ts';
import { parseInstant, parseSnapshotRef } from './snapshotRef.ts';

const NOW = new Date('2026-11-22T12:00:00Z');

test('every form of DESIGN §4 "Time"', () => {
  assert.deepEqual(parseSnapshotRef('prod', NOW), { environment: 'prod', selector: { kind: 'latest' } });
  assert.deepEqual(parseSnapshotRef('prod#12', NOW), {
    environment: 'prod',
    selector: { kind: 'number', number: 12 },
  });
  assert.deepEqual(parseSnapshotRef('prod~1', NOW), {
    environment: 'prod',
    selector: { kind: 'back', count: 1 },
  });
  assert.deepEqual(parseSnapshotRef('prod@{2026-11-19T02:30:00Z}', NOW).selector, {
    kind: 'at',
    at: '2026-11-19T02:30:00.000Z',
  });
  assert.deepEqual(parseSnapshotRef('eu-prod@{2.days.ago}', NOW), {
    environment: 'eu-prod',
    selector: { kind: 'at', at: '2026-11-20T12:00:00.000Z' },
  });
});

test('instants: offsets, dates, now and relative units', () => {
  assert.equal(parseInstant('2026-11-19T03:30+01:00', NOW), '2026-11-19T02:30:00.000Z');
  assert.equal(parseInstant('2026-11-19', NOW), '2026-11-19T00:00:00.000Z');
  assert.equal(parseInstant('now', NOW), '2026-11-22T12:00:00.000Z');
  assert.equal(parseInstant('1.week.ago', NOW), '2026-11-15T12:00:00.000Z');
  assert.equal(parseInstant('90.minutes.ago', NOW), '2026-11-22T10:30:00.000Z');
  assert.equal(parseInstant('3 hours ago', NOW), '2026-11-22T09:00:00.000Z');
});

test('what is not a reference or an instant is refused, saying what is', () => {
  for (const bad of [
    'prod@{yesterday-ish}',
    'prod@{2026-11-19T02:30}',
    'prod#0',
    'prod#x',
    '../etc',
    'prod@{2026-13-45}',
  ]) {
    assert.throws(
      () => parseSnapshotRef(bad, NOW),
      (error: unknown) => isEvidentError(error, 'bad_request'),
      bad,
    );
  }
});
