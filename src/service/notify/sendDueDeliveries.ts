import type { ClaimedDelivery, WebhookQueue } from '../../storage/webhookQueue.ts';
import { postWebhook } from './postWebhook.ts';
import { MAX_ATTEMPTS, retryDelay } from './retryDelay.ts';
import { webhookRequest } from './webhookRequest.ts';

export interface SendDeps {
  readonly queue: WebhookQueue;
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly fetch: typeof fetch;
  /** How long one POST may take. */
  readonly timeoutMs: number;
  /** Most deliveries claimed (and sent concurrently) per tick. */
  readonly batch: number;
}

/** What one tick's sending came to. */
export interface SendReport {
  readonly attempts: number;
  readonly delivered: number;
}

/** A claim outlives the longest POST by this much, so it never lapses while a POST is running. */
const LEASE_MARGIN_MS = 60_000;

/**
 * Step two of a notifier tick: claims the deliveries that are due and POSTs them concurrently.
 * A 2xx answer delivers; anything else is retried with backoff until the last attempt, after which
 * the delivery is `failed`. Every attempt is recorded with its status code or error and its times.
 */
export async function sendDueDeliveries(deps: SendDeps, stop?: AbortSignal): Promise<SendReport> {
  const now = deps.now();
  const claim = Buffer.from(deps.randomBytes(16)).toString('hex');
  const claimed = await deps.queue.claim(
    new Date(now).toISOString(),
    new Date(now + deps.timeoutMs + LEASE_MARGIN_MS).toISOString(),
    claim,
    deps.batch,
  );
  const settled = await Promise.allSettled(claimed.map((d) => attempt(deps, d, claim, stop)));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  const outcomes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  return {
    attempts: outcomes.filter((o) => o !== 'stopped').length,
    delivered: outcomes.filter((o) => o === 'delivered').length,
  };
}

async function attempt(
  deps: SendDeps,
  delivery: ClaimedDelivery,
  claim: string,
  stop: AbortSignal | undefined,
): Promise<'delivered' | 'pending' | 'failed' | 'stopped'> {
  const started = deps.now();
  const request = webhookRequest(delivery, Math.floor(started / 1000));
  const result = await postWebhook(deps.fetch, delivery.url, request, deps.timeoutMs, stop);
  if (result.stopped) {
    await deps.queue.release(delivery.id, claim);
    return 'stopped';
  }
  const finished = deps.now();
  const number = delivery.attempts + 1;
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const status = ok ? 'delivered' : number >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await deps.queue.finish(delivery, claim, {
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    statusCode: result.statusCode,
    error: result.error,
    status,
    nextAttemptAt:
      status === 'pending'
        ? new Date(finished + retryDelay(number, fraction(deps.randomBytes(4)))).toISOString()
        : null,
  });
  return status;
}

/** Four random bytes as a number in [0, 1). */
function fraction(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32;
}
