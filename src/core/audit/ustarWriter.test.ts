// The package tar writer against GNU tar (the system `tar`) and against itself: same files, same
// bytes; names only a package has.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { isEvidentError } from '../errors.ts';
import { packArchive } from './packArchive.ts';
import { writeUstar } from './ustarWriter.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-ustar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const files = new Map<string, Uint8Array>([
  ['manifest.json', Buffer.from('{"a":1}')],
  ['entries/0', Buffer.from('{"v":1}')],
  ['entries/10', Buffer.alloc(512, 7)],
  ['evidence/' + 'ab'.repeat(32), Buffer.alloc(70_001, 1)],
  ['report.html', Buffer.from('<!doctype html>ünïcødé\n')],
  ['proofs/0.json', Buffer.alloc(0)],
]);

describe('writeUstar', () => {
  it('writes an archive GNU tar lists in sorted order and extracts byte for byte, owned by root, mtime 0, mode 0644', () => {
    const archive = join(scratch, 'p.tar');
    writeFileSync(archive, writeUstar(files));
    const listed = spawnSync('tar', ['--list', '--verbose', '--numeric-owner', '--utc', '-f', archive], {
      encoding: 'utf8',
    });
    assert.equal(listed.status, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/).at(-1)),
      [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    for (const line of lines) assert.match(line, /^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 /);
    const out = mkdtempSync(join(scratch, 'x-'));
    const extracted = spawnSync('tar', ['-xf', archive, '-C', out], { encoding: 'utf8' });
    assert.equal(extracted.status, 0, extracted.stderr);
    for (const [name, body] of files) assert.deepEqual(readFileSync(join(out, name)), Buffer.from(body));
  });

  it('gives the same bytes whatever the order the files come in', () => {
    const reversed = new Map([...files].reverse());
    assert.deepEqual(writeUstar(reversed), writeUstar(files));
    assert.deepEqual(packArchive(reversed), packArchive(files));
  });

  it('compresses with a gzip header that has no name, MTIME 0 and OS 255 (RFC 1952 §2.3.1)', () => {
    const gz = packArchive(files);
    assert.deepEqual([...gz.subarray(0, 4)], [0x1f, 0x8b, 8, 0]); // magic, deflate, no FNAME
    assert.deepEqual([...gz.subarray(4, 8)], [0, 0, 0, 0]);
    assert.equal(gz[9], 0xff);
    assert.deepEqual(gunzipSync(gz), writeUstar(files));
  });

  it('refuses names no package has: empty, over 100 bytes, absolute, "..", ".", backslash, NUL', () => {
    for (const name of [
      '',
      'x'.repeat(101),
      '/etc/passwd',
      '../x',
      'a/../b',
      './a',
      'a//b',
      'a\\b',
      'a\0b',
    ]) {
      assert.throws(
        () => writeUstar(new Map([[name, Buffer.from('x')]])),
        (e) => isEvidentError(e, 'bad_request'),
        JSON.stringify(name),
      );
    }
    assert.doesNotThrow(() => writeUstar(new Map([['e/' + 'x'.repeat(98), Buffer.from('x')]])));
  });
});
