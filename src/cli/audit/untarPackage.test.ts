// Safe extraction of audit packages (DESIGN §7): the round trip with the package writer, and every
// rule against a hostile archive built here byte by byte — traversal, absolute paths, links, special
// files, duplicates, unknown files, too many files, and gzip bombs that claim a gigabyte.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { packArchive } from '../../core/audit/packArchive.ts';
import { isEvidentError } from '../../core/errors.ts';
import { DEFAULT_UNTAR_LIMITS, untarPackage } from './untarPackage.ts';

/** A raw tar header: any name, type flag, size and link name, with a correct checksum. */
function header(name: string, options: { type?: string; size?: number; link?: string } = {}): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${(options.size ?? 0).toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(options.type ?? '0', 156, 'latin1');
  if (options.link !== undefined) block.write(options.link, 157, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** A tar of regular files and raw headers, gzip-compressed. */
function archive(parts: readonly (Buffer | [string, string])[]): Buffer {
  const blocks: Buffer[] = [];
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      blocks.push(part);
      continue;
    }
    const [name, body] = part;
    const bytes = Buffer.from(body);
    blocks.push(
      header(name, { size: bytes.length }),
      bytes,
      Buffer.alloc((512 - (bytes.length % 512)) % 512),
    );
  }
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

async function refused(gz: Buffer, rule: RegExp, limits = DEFAULT_UNTAR_LIMITS): Promise<void> {
  await assert.rejects(untarPackage(gz, limits), (error) => {
    assert.ok(isEvidentError(error, 'bad_request'), String(error));
    assert.match(error.message, rule);
    return true;
  });
}

const ok: [string, string] = ['manifest.json', '{}'];

describe('untarPackage', () => {
  it('gives back exactly the files the package writer packed', async () => {
    const files = new Map<string, Uint8Array>([
      ['manifest.json', Buffer.from('{"format":"evident-audit-package"}')],
      ['checkpoint', Buffer.from('example.com/log\n1\nAAAA\n')],
      ['entries/0', Buffer.from('{"v":1}')],
      ['proofs/0.json', Buffer.from('{"hashes":[],"index":0,"size":1}')],
      [`evidence/${'0'.repeat(64)}`, Buffer.alloc(1_000_000, 'junit ')],
      ['report.json', Buffer.from('{}')],
      ['report.html', Buffer.alloc(0)],
    ]);
    const back = await untarPackage(packArchive(files));
    assert.deepEqual([...back.keys()].sort(), [...files.keys()].sort());
    for (const [name, body] of files) assert.deepEqual(Buffer.from(back.get(name) ?? []), Buffer.from(body));
  });

  it('refuses what is not gzip, and a corrupt gzip stream', async () => {
    await refused(Buffer.from('PK\u0003\u0004 a zip file, not a package'), /not gzip-compressed/);
    const gz = archive([ok]);
    gz[20] = (gz[20] ?? 0) ^ 0xff;
    await refused(gz, /gzip stream is corrupt|not a safe audit package/);
  });

  it('refuses a path that leaves the archive: ../x, entries/../../x', async () => {
    await refused(
      archive([ok, ['../x', 'escape']]),
      /not a safe audit package: .*"\.\.\/x" leaves the archive/,
    );
    await refused(archive([['entries/../../x', 'escape']]), /leaves the archive/);
  });

  it('refuses an absolute path: /etc/x', async () => {
    await refused(archive([['/etc/x', 'root']]), /not a safe audit package: absolute entry name "\/etc\/x"/);
  });

  it('refuses a symlink, a hard link, a device, a FIFO and a directory', async () => {
    await refused(
      archive([ok, header('report.html', { type: '2', link: '/etc/passwd' })]),
      /"report.html" is a symlink/,
    );
    await refused(
      archive([ok, header('report.json', { type: '1', link: 'manifest.json' })]),
      /"report.json" is a hardlink/,
    );
    await refused(
      archive([header('checkpoint', { type: '3' })]),
      /"checkpoint" is a device, FIFO or other special file/,
    );
    await refused(archive([header('checkpoint', { type: '6' })]), /is a device, FIFO or other special file/);
    await refused(
      archive([header('entries/', { type: '5' })]),
      /"entries" is a directory; a package holds regular files only/,
    );
  });

  it('refuses a name twice, a backslash, a file no package has', async () => {
    await refused(archive([ok, ['entries/1', 'a'], ['entries/1', 'b']]), /"entries\/1" appears twice/);
    await refused(archive([['entries\\1', 'a']]), /backslash/);
    await refused(archive([ok, ['notes.txt', 'hi']]), /"notes.txt" is not a file of an audit package/);
    await refused(archive([['entries/01', 'a']]), /"entries\/01" is not a file of an audit package/);
  });

  it('refuses data after the end of the tar, and a second gzip member (a fake report.html)', async () => {
    const good = archive([ok, ['report.html', 'the real one']]);
    assert.equal((await untarPackage(good)).size, 2);
    // GNU `tar -xizf` reads past the end-of-archive blocks and would extract the second tar.
    const fake = archive([['report.html', 'a fake one']]);
    await refused(
      Buffer.concat([good, fake]),
      /not a safe audit package: data follows the first gzip member \(a second member or trailing bytes\)/,
    );
    await refused(Buffer.concat([good, gzipSync(Buffer.alloc(0))]), /data follows the first gzip member/);
    await refused(
      Buffer.concat([good, Buffer.from('\0 trailing bytes')]),
      /data follows the first gzip member/,
    );
    // In the one member: a second tar after the first one's end-of-archive blocks.
    const tar = Buffer.concat([
      header('manifest.json', { size: 2 }),
      Buffer.from('{}'),
      Buffer.alloc(510),
      Buffer.alloc(1024),
      header('report.html', { size: 1 }),
      Buffer.from('x'),
      Buffer.alloc(511 + 1024),
    ]);
    await refused(
      gzipSync(tar),
      /not a safe audit package: data follows the tar's end-of-archive block \(byte 2048 of the tar, which ends at byte 1536\); only zero padding may follow it/,
    );
    // Zero padding to a 10 KiB record, as GNU tar writes, is fine.
    const padded = gzipSync(Buffer.concat([tar.subarray(0, 2048), Buffer.alloc(10240 - 2048)]));
    assert.deepEqual([...(await untarPackage(padded)).keys()], ['manifest.json']);
  });

  it('reads what `tar -C DIR -czf FILE .` writes: the root "./" and "./" before each name', async () => {
    const files = await untarPackage(
      archive([header('./', { type: '5' }), ['./manifest.json', '{}'], ['./entries/0', '{"v":1}']]),
    );
    assert.deepEqual([...files.keys()].sort(), ['entries/0', 'manifest.json']);
    await refused(archive([header('./entries/', { type: '5' })]), /"entries" is a directory/);
    await refused(archive([['./manifest.json', '{}'], ok]), /"manifest.json" appears twice/);
  });

  it('refuses more files than the cap', async () => {
    const many = Array.from({ length: 11 }, (_, i): [string, string] => [`entries/${i}`, 'x']);
    await refused(archive(many), /more than 10 (files|entries)/, { ...DEFAULT_UNTAR_LIMITS, maxFiles: 10 });
    assert.equal(DEFAULT_UNTAR_LIMITS.maxFiles, 25_000);
  });

  // A gzip bomb of a gigabyte without a gigabyte of work: gzip members concatenate (RFC 1952 §2.2),
  // so one member of a megabyte of zeros, repeated, is a 1 GiB stream of about a megabyte.
  const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  const bomb = (first: Buffer, mebibytes: number) =>
    Buffer.concat([gzipSync(first), ...Array.from({ length: mebibytes }, () => zeros)]);

  it('refuses a file that claims 1 GB before inflating its body', async () => {
    const gz = bomb(header('report.html', { size: 1024 ** 3 }), 1024);
    assert.ok(gz.length < 2 * 1024 * 1024);
    const started = performance.now();
    await refused(gz, /"report.html" is 1073741824 bytes, more than 134217728/);
    assert.ok(performance.now() - started < 2000);
  });

  it('stops inflating a compression bomb at the ratio cap: 16 files of 64 MiB of zeros', async () => {
    const files = Array.from({ length: 16 }, (_, i) => [header(`entries/${i}`, { size: 64 * 1024 * 1024 })]);
    const gz = Buffer.concat(
      files.flatMap(([h]) => [gzipSync(h as Buffer), ...Array.from({ length: 64 }, () => zeros)]),
    );
    await refused(gz, /inflates more than 200 times its compressed size of \d+ bytes \(a compression bomb\)/);
  });

  it('stops inflating at the total cap when the ratio is allowed', async () => {
    const gz = bomb(header('report.html', { size: 64 * 1024 * 1024 }), 64);
    await refused(gz, /inflates to more than 8388608 bytes/, {
      ...DEFAULT_UNTAR_LIMITS,
      maxTotalBytes: 8 * 1024 * 1024,
      maxRatio: 100_000,
    });
  });
});
