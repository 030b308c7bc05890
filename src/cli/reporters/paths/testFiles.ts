import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Test support: write a file, creating its folders. */
export function writeTestFile(path: string, content: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Test support: the file's SHA-256 as coreutils `sha256sum` prints it, the reference for file fingerprints. */
export function sha256sum(path: string): string {
  const run = spawnSync('sha256sum', [path], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.slice(0, 64);
}
