import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPeriodicLoop } from './periodicLoop.ts';

/** Waits (a few milliseconds at a time) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  assert.ok(condition(), 'timed out waiting');
}

test('a failing tick is reported and the loop carries on', async () => {
  const errors: unknown[] = [];
  let ticks = 0;
  const loop = startPeriodicLoop(
    () => {
      ticks++;
      return Promise.reject(new Error(`tick ${ticks} failed`));
    },
    (error) => {
      errors.push(error);
      throw new Error('and so does the logger');
    },
    1,
  );
  await until(() => ticks >= 3);
  await loop.stop();
  assert.ok(errors.length >= 2);
  assert.match(String(errors[0]), /tick 1 failed/);
});

test('a slow tick is not overlapped; stopping aborts it and waits for it to end', async () => {
  let running = 0;
  let most = 0;
  let started = 0;
  let aborted = false;
  const loop = startPeriodicLoop(
    (stop) =>
      new Promise<void>((resolve) => {
        started++;
        running++;
        most = Math.max(most, running);
        stop.addEventListener('abort', () => {
          aborted = true;
          running--;
          resolve();
        });
      }),
    () => undefined,
    1,
  );
  await until(() => started === 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(started, 1, 'no second tick while the first runs');
  await loop.stop();
  assert.equal(aborted, true);
  assert.equal(running, 0, 'stop waited for the tick');
  assert.equal(most, 1);
});
