import { createGunzip, crc32 } from 'node:zlib';
import { classifyPath } from '../../core/audit/packageLayout.ts';
import { EvidentError, isEvidentError, messageOf } from '../../core/errors.ts';
import { scanTar } from '../../fingerprint/tarReader.ts';

/** Bounds on what an audit package may unpack to (DESIGN §7: bounded inputs, no size bombs). */
export interface UntarLimits {
  /** Tar entries. */
  readonly maxFiles: number;
  /** Uncompressed bytes of one file. */
  readonly maxFileBytes: number;
  /** Uncompressed bytes of the whole tar stream. */
  readonly maxTotalBytes: number;
  /** Uncompressed bytes per compressed byte, checked once the output passes `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

/**
 * Packages are built with at most 10,000 entries (with as many proofs) plus evidence: the caps leave
 * room for that, and the 200:1 ratio is far above what JSON, XML and HTML reach (deflate's own
 * limit is about 1032:1, which only long runs of one byte approach).
 */
export const DEFAULT_UNTAR_LIMITS: UntarLimits = {
  maxFiles: 25_000,
  maxFileBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

const BLOCK = 512;

const unsafe = (rule: string): EvidentError =>
  new EvidentError('bad_request', `not a safe audit package: ${rule}`);

/**
 * Extracts an audit package (`.tar.gz`) into memory, never onto a disk, refusing anything a package
 * never holds (docs/audit-package.md "Safe extraction"): input that is not gzip; more than
 * `maxFiles` entries; an entry that is not a regular file (link, symlink, device, directory, FIFO);
 * a name that is absolute or has a `..`, `.` or empty segment, a backslash or a NUL; a name twice;
 * a name that is not a package file; a file over `maxFileBytes`; more than `maxTotalBytes` in all;
 * a compression ratio over `maxRatio`; anything but zero padding after the tar's end-of-archive
 * block; a second gzip member or any byte after the first member. The size and ratio caps are
 * checked while inflating, so a gzip bomb stops at the cap. The one directory entry accepted is the
 * archive's root `./` that `tar -C DIR .` writes (it names no file; the reader strips the `./` of
 * the names that follow it). Throws `bad_request` (exit 2) naming the rule broken.
 */
export async function untarPackage(
  gz: Uint8Array,
  limits: UntarLimits = DEFAULT_UNTAR_LIMITS,
): Promise<Map<string, Uint8Array>> {
  // RFC 1952 §2.3.1: ID1 ID2 = 0x1f 0x8b, CM = 8 (deflate).
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8)
    throw new EvidentError('bad_request', 'not an audit package: the file is not gzip-compressed (RFC 1952)');
  const gunzip = createGunzip();
  gunzip.end(gz);
  // Node inflates every gzip member of a file, one after the other, as one stream; the rules on
  // what follows the first member and the tar's end are checked once it is all read (below).
  const source = (gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let total = 0;
  let crc = 0;
  const pull = async (): Promise<Buffer | undefined> => {
    let next: IteratorResult<Buffer>;
    try {
      next = await source.next();
    } catch (error) {
      throw new EvidentError(
        'bad_request',
        `not an audit package: the gzip stream is corrupt (${messageOf(error)})`,
      );
    }
    if (next.done === true) return undefined;
    const chunk = next.value;
    total += chunk.length;
    if (total > limits.maxTotalBytes) throw unsafe(`it inflates to more than ${limits.maxTotalBytes} bytes`);
    if (total > limits.ratioFloorBytes && total > limits.maxRatio * gz.length)
      throw unsafe(
        `it inflates more than ${limits.maxRatio} times its compressed size of ${gz.length} bytes (a compression bomb)`,
      );
    crc = crc32(chunk, crc);
    return chunk;
  };
  // The tar reader gets pieces that never cross a 512-byte block boundary, so it pulls exactly the
  // blocks it reads: when it stops at the end-of-archive block, `left` is what it did not read of
  // the current chunk, and the rest of the stream is still to be pulled.
  let yielded = 0;
  let left: Buffer = Buffer.alloc(0);
  async function* inBlocks(): AsyncGenerator<Buffer> {
    for (;;) {
      if (left.length === 0) {
        const chunk = await pull();
        if (chunk === undefined) return;
        left = chunk;
      }
      const piece = left.subarray(0, BLOCK - (yielded % BLOCK));
      left = left.subarray(piece.length);
      yielded += piece.length;
      yield piece;
    }
  }

  const bodies = new Map<string, Buffer[]>();
  let count = 0;
  try {
    await scanTar(
      inBlocks(),
      (entry) => {
        if (++count > limits.maxFiles) throw unsafe(`it has more than ${limits.maxFiles} files`);
        // The reader strips a leading "./" (as GNU tar writes `tar -C DIR .`); what is left of
        // "./" itself is "": the archive's root directory, which names no file and is skipped.
        if (entry.name === '' && entry.type === 'directory') return undefined;
        const name = entry.name === '' ? '"./"' : JSON.stringify(entry.name);
        if (entry.type !== 'file')
          throw unsafe(
            `${name} is a ${entry.type === 'other' ? 'device, FIFO or other special file' : entry.type}; a package holds regular files only`,
          );
        if (/[\\\0]/.test(entry.name)) throw unsafe(`${name} has a backslash or NUL in its name`);
        if (entry.name.split('/').some((s) => s === '' || s === '.' || s === '..'))
          throw unsafe(`${name} is not a plain relative path`);
        if (bodies.has(entry.name)) throw unsafe(`${name} appears twice`);
        if (classifyPath(entry.name) === undefined)
          throw unsafe(`${name} is not a file of an audit package (docs/audit-package.md)`);
        if (entry.size > limits.maxFileBytes)
          throw unsafe(`${name} is ${entry.size} bytes, more than ${limits.maxFileBytes}`);
        const chunks: Buffer[] = [];
        bodies.set(entry.name, chunks);
        return (chunk) => chunks.push(chunk);
      },
      { maxEntries: limits.maxFiles, maxHeaderBytes: 64 * 1024 },
    );
  } catch (error) {
    gunzip.destroy();
    if (isEvidentError(error, 'bad_request')) throw error;
    if (isEvidentError(error)) throw unsafe(error.message.replace(/^tar archive: /, ''));
    throw error;
  }
  // What follows the tar's end-of-archive block: zero padding only (GNU tar pads to a 10 KiB
  // record). Anything else is data a tool reading past the marker (GNU `tar -i`) would extract.
  const end = yielded;
  let trailing: number | undefined;
  try {
    for (let chunk: Buffer | undefined = left; chunk !== undefined; chunk = await pull()) {
      const at = chunk.findIndex((byte) => byte !== 0);
      if (at !== -1 && trailing === undefined) trailing = total - chunk.length + at;
    }
  } finally {
    gunzip.destroy();
  }
  // One gzip member that ends the file: its trailer (RFC 1952 §2.3.1: CRC32 and ISIZE of all the
  // data, little-endian) is the file's last 8 bytes. After a second member, or bytes zlib skips, the
  // last 8 bytes are not the trailer of the whole output (a later member's covers its own data
  // only, and no output short of the whole by a multiple of 4 GiB fits under maxTotalBytes).
  const trailer = Buffer.from(gz.buffer, gz.byteOffset + gz.length - 8, 8);
  if (trailer.readUInt32LE(0) !== crc >>> 0 || trailer.readUInt32LE(4) !== total % 2 ** 32)
    throw unsafe(
      'data follows the first gzip member (a second member or trailing bytes); a package is one gzip member',
    );
  if (trailing !== undefined)
    throw unsafe(
      `data follows the tar's end-of-archive block (byte ${trailing} of the tar, which ends at byte ${end}); only zero padding may follow it`,
    );
  return new Map([...bodies].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}
