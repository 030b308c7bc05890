/** A running periodic loop. */
export interface PeriodicLoop {
  /** Stops ticking, aborts the work in flight (POSTs to webhooks, say) and waits for the tick to end. */
  stop(): Promise<void>;
}

/**
 * Runs `tick` every `intervalMs`: the server's background work — sending webhooks (issue #5 §5),
 * verifying the log when it is due. A tick that is still running (a slow receiver, a long replay)
 * is not overlapped by the next; a failing tick is reported to `onError` and the loop carries on,
 * so background work can never take the server down. The timer is unref'ed: it keeps no process
 * alive.
 */
export function startPeriodicLoop(
  tick: (stop: AbortSignal) => Promise<unknown>,
  onError: (error: unknown) => void,
  intervalMs = 1000,
): PeriodicLoop {
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // A broken logger must not break the loop either.
    }
  };
  const timer = setInterval(() => {
    if (running !== undefined || stopping.signal.aborted) return;
    running = tick(stopping.signal)
      .then(() => undefined, report)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
