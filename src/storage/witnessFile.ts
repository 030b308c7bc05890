import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How often the witness files catch up with the log; a crash loses at most this much of their lead. */
const FLUSH_EVERY_MS = 200;

/**
 * The latest checkpoint of each org, kept as a file beside (not inside) the database. Whoever rolls
 * the database back — entries, nodes, head and checkpoints together — still cannot roll this back
 * with SQL, and `evident verify` checks that the log extends it (DESIGN §3 "Guard rails, not proof").
 * A witness may lag the log (it is written after commits, off the request path) but never leads it.
 */
export class WitnessFiles {
  private readonly latest = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** Told when a background write fails; the log itself is unaffected. */
    private readonly onError: (error: unknown) => void,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Remembers a committed checkpoint; files are rewritten in the background a few times a second. */
  record(org: string, note: string): void {
    this.latest.set(org, note);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const batch = this.take();
      // Chained, so an older checkpoint can never land after a newer one.
      this.writing = this.writing.then(() => writeAll(batch, (org) => this.fileOf(org))).catch(this.onError);
    }, FLUSH_EVERY_MS);
  }

  /** Writes what is pending now and waits for background writes (on shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
    for (const [org, note] of this.take()) {
      const file = this.fileOf(org);
      writeFileSync(`${file}.tmp`, note);
      renameSync(`${file}.tmp`, file);
    }
  }

  private take(): [string, string][] {
    const batch = [...this.latest];
    this.latest.clear();
    return batch;
  }

  private fileOf(org: string): string {
    return join(this.dir, `${org}.checkpoint`);
  }
}

async function writeAll(batch: readonly [string, string][], fileOf: (org: string) => string): Promise<void> {
  for (const [org, note] of batch) {
    const file = fileOf(org);
    // Write then rename: a reader (or a crash) sees the old checkpoint or the new one, never half.
    await writeFile(`${file}.tmp`, note, { flush: true });
    await rename(`${file}.tmp`, file);
  }
}
