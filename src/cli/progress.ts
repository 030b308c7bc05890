/** What a long operation reports to: `update` with the bytes done so far, `finish` once at the end. */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

const NONE: Progress = { update: () => {}, finish: () => {} };

/** Below this a bar would only flicker: it would be done before anyone could read it. */
export const PROGRESS_THRESHOLD = 64 * 1024 * 1024;
const WIDTH = 30;
const MIB = 1024 * 1024;

/**
 * A progress bar on stderr for `total` bytes of `label` — only when stderr is a terminal and the
 * work is large, so CI logs and pipes never see carriage returns (issue #4 "progress bars … only on a
 * TTY"). Redrawn at most ten times a second; `finish` clears the line.
 */
export function progressBar(
  label: string,
  total: number,
  stream: { readonly isTTY?: boolean; write(text: string): boolean } = process.stderr,
  now: () => number = Date.now,
): Progress {
  if (stream.isTTY !== true || total < PROGRESS_THRESHOLD) return NONE;
  const started = now();
  let drawn = 0;
  let shown = false;
  return {
    update(done) {
      const time = now();
      if (time - drawn < 100) return;
      drawn = time;
      shown = true;
      const fraction = Math.min(1, done / total);
      const filled = Math.round(fraction * WIDTH);
      const rate = done / MIB / Math.max(0.001, (time - started) / 1000);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ` +
          `${(done / MIB).toFixed(0)}/${(total / MIB).toFixed(0)} MiB ${rate.toFixed(0)} MiB/s`,
      );
    },
    finish() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
