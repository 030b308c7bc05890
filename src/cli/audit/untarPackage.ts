import { createGunzip } from 'node:zlib';
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

const unsafe = (rule: string): EvidentError =>
  new EvidentError('bad_request', `not a safe audit package: ${rule}`);

/**
 * Extracts an audit package (`.tar.gz`) into memory, never onto a disk, refusing anything a package
 * never holds (docs/audit-package.md "Safe extraction"): input that is not gzip; more than
 * `maxFiles` entries; an entry that is not a regular file (link, symlink, device, directory, FIFO);
 * a name that is absolute or has a `..`, `.` or empty segment, a backslash or a NUL; a name twice;
 * a name that is not a package file; a file over `maxFileBytes`; more than `maxTotalBytes` in all;
 * a compression ratio over `maxRatio`. The size and ratio caps are checked while inflating, so a
 * gzip bomb stops at the cap. Throws `bad_request` (exit 2) naming the rule broken.
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
  let total = 0;
  async function* inflated(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limits.maxTotalBytes)
          throw unsafe(`it inflates to more than ${limits.maxTotalBytes} bytes`);
        if (total > limits.ratioFloorBytes && total > limits.maxRatio * gz.length)
          throw unsafe(
            `it inflates more than ${limits.maxRatio} times its compressed size of ${gz.length} bytes (a compression bomb)`,
          );
        yield chunk;
      }
    } catch (error) {
      if (isEvidentError(error)) throw error;
      throw new EvidentError(
        'bad_request',
        `not an audit package: the gzip stream is corrupt (${messageOf(error)})`,
      );
    } finally {
      gunzip.destroy();
    }
  }

  const bodies = new Map<string, Buffer[]>();
  let count = 0;
  try {
    await scanTar(
      inflated(),
      (entry) => {
        if (++count > limits.maxFiles) throw unsafe(`it has more than ${limits.maxFiles} files`);
        const name = JSON.stringify(entry.name);
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
    if (isEvidentError(error, 'bad_request')) throw error;
    if (isEvidentError(error)) throw unsafe(error.message.replace(/^tar archive: /, ''));
    throw error;
  }
  return new Map([...bodies].map(([name, chunks]) => [name, Buffer.concat(chunks)]));
}
