// fileSha256 against the system's `sha256sum` (GNU coreutils) on files written here.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { READ_SIZE, SMALL_FILE, fileSha256 } from './fileDigest.ts';

const dir = mkdtempSync(join(tmpdir(), 'evident-filedigest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function sha256sum(path: string): string {
  const run = spawnSync('sha256sum', ['--', path], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.slice(0, 64);
}

describe('fileSha256', () => {
  const sizes: [string, number][] = [
    ['empty', 0],
    ['one byte', 1],
    ['one block short', 63],
    ['largest read synchronously', SMALL_FILE],
    ['smallest read asynchronously', SMALL_FILE + 1],
    ['exactly one read', READ_SIZE],
    ['one read plus one byte', READ_SIZE + 1],
    ['multi-MiB, odd size', 5 * READ_SIZE + 12345],
  ];
  for (const [label, size] of sizes) {
    it(`equals sha256sum: ${label} (${size} bytes)`, async () => {
      const path = join(dir, `f-${size}`);
      writeFileSync(path, randomBytes(size));
      assert.equal(await fileSha256(path), sha256sum(path));
    });
  }

  it('has the FIPS 180-4 value for "abc" and the empty string', async () => {
    const abc = join(dir, 'abc');
    writeFileSync(abc, 'abc');
    assert.equal(await fileSha256(abc), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    assert.equal(await fileSha256(empty), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('follows a symlink by default and refuses it with noFollow', async () => {
    const target = join(dir, 'target');
    writeFileSync(target, 'target bytes');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    assert.equal(await fileSha256(link), sha256sum(target));
    await assert.rejects(fileSha256(link, { noFollow: true }), (e: unknown) =>
      isEvidentError(e, 'bad_request'),
    );
  });

  it('refuses what is not a regular file, and a missing path', async () => {
    await assert.rejects(fileSha256(dir), (e: unknown) => isEvidentError(e, 'bad_request'));
    const fifo = join(dir, 'fifo');
    mkfifo(fifo);
    await assert.rejects(fileSha256(fifo), (e: unknown) => isEvidentError(e, 'bad_request'));
    await assert.rejects(fileSha256(join(dir, 'missing')), (e: unknown) => isEvidentError(e, 'not_found'));
  });
});

/** A FIFO through the system `mkfifo`: node:fs cannot make one. */
function mkfifo(path: string): void {
  const run = spawnSync('mkfifo', [path]);
  assert.equal(run.status, 0, 'mkfifo is needed for this test');
}

describe('progress', () => {
  it('reports the bytes hashed after each read of a large file, ending at its size', async () => {
    const path = join(dir, 'progress.bin');
    const size = 2 * READ_SIZE + 12_345;
    writeFileSync(path, randomBytes(size));
    const calls: [number, number][] = [];
    await fileSha256(path, { progress: (done, total) => calls.push([done, total]) });
    assert.deepEqual(calls, [
      [READ_SIZE, size],
      [2 * READ_SIZE, size],
      [size, size],
    ]);
  });
});
