/** Attempts per delivery; after the last one fails the delivery is `failed` (issue #5 §5). */
export const MAX_ATTEMPTS = 10;

const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * How long to wait after failed attempt `attempt` (1, 2, …): exponential backoff, 10 s doubling up
 * to 1 h, plus up to a tenth more at random ("Exponential Backoff And Jitter", AWS Architecture
 * Blog, 2015), so deliveries that failed together during a receiver's outage do not all return in
 * the same second. `random` is in [0, 1).
 */
export function retryDelay(attempt: number, random: number): number {
  const base = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
  return base + Math.floor(base * 0.1 * random);
}
