import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROGRESS_THRESHOLD, progressBar } from './progress.ts';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } };
}

test('on a terminal, a large job draws a bar at most ten times a second and clears it at the end', () => {
  const { written, stream } = terminal(true);
  let clock = 1_000;
  const total = 4 * PROGRESS_THRESHOLD;
  const bar = progressBar('hashing app.tar', total, stream, () => clock);
  clock += 1_000;
  bar.update(total / 2);
  clock += 50;
  bar.update(total * 0.6); // within 100 ms of the last drawing: skipped
  clock += 1_000;
  bar.update(total);
  bar.finish();
  assert.deepEqual(written, [
    `\rhashing app.tar [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 128/256 MiB 128 MiB/s`,
    `\rhashing app.tar [${'#'.repeat(30)}] 100% 256/256 MiB 125 MiB/s`,
    '\r\x1b[2K',
  ]);
});

test('nothing is written when stderr is not a terminal, or the job is small', () => {
  for (const [isTTY, total] of [
    [false, 10 * PROGRESS_THRESHOLD],
    [true, PROGRESS_THRESHOLD - 1],
  ] as const) {
    const { written, stream } = terminal(isTTY);
    let clock = 0;
    const bar = progressBar('x', total, stream, () => (clock += 1_000));
    bar.update(total / 2);
    bar.finish();
    assert.deepEqual(written, []);
  }
});
