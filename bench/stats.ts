/**
 * Small statistics for the benchmarks. Every figure is reported next to a baseline measured in the
 * same run (DESIGN §9), so absolute speed of the machine cancels out of the ratios.
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function latencySummary(samplesMs: readonly number[]): LatencySummary {
  return {
    count: samplesMs.length,
    p50Ms: round(percentile(samplesMs, 50), 3),
    p99Ms: round(percentile(samplesMs, 99), 3),
    maxMs: round(percentile(samplesMs, 100), 3),
  };
}

/** Items per second. */
export function rate(items: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((items * 1000) / elapsedMs) : 0;
}

/** a / b, rounded for the report. */
export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 3) : Number.NaN;
}

/** A latency next to the baseline of the same run and a DESIGN §9 p99 target. */
export function againstTarget(s: LatencySummary, baseline: LatencySummary, targetP99Ms: number) {
  return {
    ...s,
    p50Ratio: ratio(s.p50Ms, baseline.p50Ms),
    p99Ratio: ratio(s.p99Ms, baseline.p99Ms),
    targetP99Ms,
    met: s.p99Ms < targetP99Ms,
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Runs `work`, returning its result and the wall-clock milliseconds it took. */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

/** A deterministic PRNG (mulberry32): the same "random" proofs on every run, so runs compare. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max] from a [0, 1) source. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
