/**
 * The server's clock in the end-to-end UI tests (DESIGN §8: the clock is injected): a seed sets it to
 * the moment each step of a recorded history happens; between two settings every reading is one
 * millisecond later than the one before, so entries written at "the same" moment keep their order.
 */
export interface TestClock {
  /** A reading: the current time, after which the clock moves on by one millisecond. */
  readonly now: () => number;
  /** The current time, without moving the clock. */
  peek(): number;
  /** Moves the clock to an instant (ISO 8601 or epoch milliseconds); never backwards. */
  set(at: string | number): void;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
}

/** A {@link TestClock} that starts at `start` (ISO 8601 or epoch milliseconds). */
export function testClock(start: string | number = '2026-11-16T00:00:00Z'): TestClock {
  const instant = (at: string | number): number => {
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(at)}`);
    return ms;
  };
  let t = instant(start);
  return {
    now: () => t++,
    peek: () => t,
    set(at) {
      const next = instant(at);
      if (next < t)
        throw new Error(
          `the clock moves forward only: ${new Date(next).toISOString()} is before ${new Date(t).toISOString()}`,
        );
      t = next;
    },
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`the clock moves forward only, not by ${ms} ms`);
      t += ms;
    },
  };
}
