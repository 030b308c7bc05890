import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The latest checkpoint of each org, kept as a file beside (not inside) the database. Whoever rolls
 * the database back — entries, nodes, head and checkpoints together — still cannot roll this back
 * with SQL, and `evident verify` checks that the log extends it (DESIGN §3 "Guard rails, not proof").
 */
export class WitnessFiles {
  private readonly latest = new Map<string, string>();
  private scheduled = false;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** Remembers a checkpoint; files are rewritten at most once per event-loop turn. */
  record(org: string, note: string): void {
    this.latest.set(org, note);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  flush(): void {
    for (const [org, note] of this.latest) {
      const file = this.fileOf(org);
      writeFileSync(`${file}.tmp`, note);
      renameSync(`${file}.tmp`, file);
    }
    this.latest.clear();
  }

  read(org: string): string | undefined {
    try {
      return readFileSync(this.fileOf(org), 'utf8');
    } catch {
      return undefined;
    }
  }

  private fileOf(org: string): string {
    return join(this.dir, `${org}.checkpoint`);
  }
}
