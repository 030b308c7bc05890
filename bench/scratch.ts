import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cleanups: (() => Promise<void> | void)[] = [];

/** A fresh temp folder, removed by `cleanUp()`. Benchmarks write real files: fsync cost is the point. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `evident-bench-${label}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Registers something to undo at the end of the run (servers, clusters, connections), newest first. */
export function onCleanUp(work: () => Promise<void> | void): void {
  cleanups.push(work);
}

export async function cleanUp(): Promise<void> {
  for (const work of cleanups.splice(0).reverse()) {
    try {
      await work();
    } catch (error) {
      console.error(`bench clean-up failed: ${String(error)}`);
    }
  }
}
