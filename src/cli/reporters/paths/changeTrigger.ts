/**
 * When to look at the paths again. File-system events come in bursts (a deploy writes hundreds of
 * files, an editor writes, renames and chmods one), so `notify` waits for `debounceMs` of quiet
 * before firing — but never longer than `maxDelayMs` after the first event, so that a file written
 * to without pause (a log someone forgot to exclude) cannot postpone the next look forever.
 * `fire` looks again at once. `wait` resolves at the next firing (or one that happened since the
 * last wait), on abort, or after `timeoutMs` — the polling period when there are no events.
 */
export class ChangeTrigger {
  private pending = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private firstEventAt: number | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly debounceMs: number,
    private readonly maxDelayMs: number,
  ) {}

  readonly notify = (): void => {
    const now = Date.now();
    this.firstEventAt ??= now;
    clearTimeout(this.debounce);
    const delay = Math.max(0, Math.min(this.debounceMs, this.firstEventAt + this.maxDelayMs - now));
    this.debounce = setTimeout(this.fire, delay);
  };

  readonly fire = (): void => {
    clearTimeout(this.debounce);
    this.debounce = undefined;
    this.firstEventAt = undefined;
    this.pending = true;
    this.wake?.();
  };

  async wait(signal: AbortSignal, timeoutMs?: number): Promise<void> {
    if (!this.pending && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
    }
    this.pending = false;
  }

  /** Drop a pending debounce: nothing fires after this. */
  close(): void {
    clearTimeout(this.debounce);
    this.debounce = undefined;
  }
}
