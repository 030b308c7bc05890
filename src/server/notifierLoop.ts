/** A running notifier loop. */
export interface NotifierLoop {
  /** Stops ticking, aborts POSTs in flight and waits for the tick to end. */
  stop(): Promise<void>;
}

/**
 * Runs `tick` every `intervalMs` (issue #5 §5: webhooks are sent by the server). A tick that is
 * still running (a slow receiver) is not overlapped by the next; a failing tick is reported to
 * `onError` and the loop carries on, so notifications can never take the server down. The timer is
 * unref'ed: it keeps no process alive.
 */
export function startNotifierLoop(
  tick: (stop: AbortSignal) => Promise<unknown>,
  onError: (error: unknown) => void,
  intervalMs = 1000,
): NotifierLoop {
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
