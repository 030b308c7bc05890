// The tar reader against archives written by GNU tar 1.34 (the system `tar`) in each format it
// writes: gnu (long names as 'L' entries), posix (pax 'x' headers), ustar (prefix field), v7.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { scanTar, type TarEntry } from './tarReader.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-tar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const LONG_DIR = `${'deep-directory-name-'.repeat(4)}/${'more-'.repeat(10)}`; // > 100 bytes with the file name
const LONG_NAME = `${'f'.repeat(80)}-ünïcødé.txt`; // ≤ 100 bytes: ustar can split it into prefix + name
const contents: Record<string, Buffer> = {
  'small.txt': Buffer.from('hello\n'),
  'empty.txt': Buffer.alloc(0),
  'block.bin': randomBytes(512 * 3),
  'odd.bin': randomBytes(70_001),
  [`${LONG_DIR}/${LONG_NAME}`]: Buffer.from('long name'),
};

function makeTree(withLinks: boolean): string {
  const root = mkdtempSync(join(scratch, 'src-'));
  for (const [name, body] of Object.entries(contents)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), body);
  }
  if (withLinks) {
    symlinkSync('small.txt', join(root, 'sym'));
    linkSync(join(root, 'small.txt'), join(root, 'hard'));
  }
  return root;
}

function tar(args: readonly string[]): void {
  const run = spawnSync('tar', args, { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
}

async function scanFile(path: string): Promise<{ entries: TarEntry[]; bodies: Map<string, Buffer> }> {
  const entries: TarEntry[] = [];
  const bodies = new Map<string, Buffer>();
  await scanTar(createReadStream(path, { highWaterMark: 4096 + 7 }), (entry) => {
    entries.push(entry);
    const chunks: Buffer[] = [];
    return (chunk) => {
      chunks.push(Buffer.from(chunk));
      bodies.set(entry.name, Buffer.concat(chunks));
    };
  });
  return { entries, bodies };
}

describe('scanTar', () => {
  for (const format of ['gnu', 'posix', 'ustar']) {
    it(`reads every entry of a GNU tar --format=${format} archive, long and unicode names included`, async () => {
      const root = makeTree(true);
      const archive = join(scratch, `${format}.tar`);
      tar(['--format', format, '-cf', archive, '-C', root, '.']);
      const { entries, bodies } = await scanFile(archive);
      for (const [name, body] of Object.entries(contents)) {
        const entry = entries.find((e) => e.name === name);
        assert.ok(entry, `${format}: ${name} listed`);
        assert.equal(entry.type, 'file');
        assert.equal(entry.size, body.length);
        assert.ok((bodies.get(name) ?? Buffer.alloc(0)).equals(body), `${format}: ${name} content`);
      }
      assert.equal(entries.find((e) => e.name === 'sym')?.type, 'symlink');
      const hard = entries.filter((e) => e.name === 'hard' || e.name === 'small.txt').map((e) => e.type);
      assert.deepEqual(hard.sort(), ['file', 'hardlink']);
      assert.equal(entries.find((e) => e.name === LONG_DIR.split('/')[0])?.type, 'directory');
      assert.ok(entries.some((e) => e.name === '')); // "./" itself
    });
  }

  it('reads a v7 archive (no magic, short names)', async () => {
    const root = mkdtempSync(join(scratch, 'v7-'));
    writeFileSync(join(root, 'a.txt'), 'v7 body');
    const archive = join(scratch, 'v7.tar');
    tar(['--format', 'v7', '-cf', archive, '-C', root, 'a.txt']);
    const { entries, bodies } = await scanFile(archive);
    assert.deepEqual(entries, [{ name: 'a.txt', type: 'file', size: 7 }]);
    assert.equal(bodies.get('a.txt')?.toString(), 'v7 body');
  });

  it('refuses names that leave the archive', async () => {
    const root = mkdtempSync(join(scratch, 'evil-'));
    mkdirSync(join(root, 'inner'));
    writeFileSync(join(root, 'outside.txt'), 'x');
    const archive = join(scratch, 'evil.tar');
    // -P keeps "../" in the stored name, as a hostile archive would.
    tar(['-P', '-cf', archive, '-C', join(root, 'inner'), '../outside.txt']);
    await assert.rejects(scanFile(archive), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
    const absolute = join(scratch, 'absolute.tar');
    tar(['-P', '-cf', absolute, join(root, 'outside.txt')]);
    await assert.rejects(scanFile(absolute), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
  });

  it('refuses truncated archives, bad checksums and what is not a tar', async () => {
    const root = makeTree(false);
    const archive = join(scratch, 'whole.tar');
    tar(['-cf', archive, '-C', root, 'odd.bin']);
    const bytes = readFileSync(archive);
    const truncated = join(scratch, 'truncated.tar');
    writeFileSync(truncated, bytes.subarray(0, 512 + 1000));
    await assert.rejects(scanFile(truncated), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
    const halfHeader = join(scratch, 'half-header.tar');
    writeFileSync(halfHeader, bytes.subarray(0, 300));
    await assert.rejects(scanFile(halfHeader), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
    const corrupt = Buffer.from(bytes);
    corrupt[10] = (corrupt[10] ?? 0) ^ 0x01;
    const badChecksum = join(scratch, 'bad-checksum.tar');
    writeFileSync(badChecksum, corrupt);
    await assert.rejects(scanFile(badChecksum), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
    const notTar = join(scratch, 'not.tar');
    writeFileSync(notTar, randomBytes(4096));
    await assert.rejects(scanFile(notTar), (e: unknown) => isEvidentError(e, 'invalid_evidence'));
  });

  it('bounds the number of entries', async () => {
    const root = makeTree(false);
    const archive = join(scratch, 'count.tar');
    tar(['-cf', archive, '-C', root, 'small.txt', 'empty.txt', 'block.bin']);
    await assert.rejects(
      scanTar(createReadStream(archive), () => undefined, { maxEntries: 2, maxHeaderBytes: 1024 }),
      (e: unknown) => isEvidentError(e, 'payload_too_large'),
    );
  });
});
