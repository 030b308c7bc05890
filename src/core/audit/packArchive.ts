import { constants, gzipSync } from 'node:zlib';
import { writeUstar } from './ustarWriter.ts';

/** The gzip level of every package: fixed, so the same files give the same bytes. */
export const PACKAGE_GZIP_LEVEL = 9;

/**
 * The `.tar.gz` of an audit package: a deterministic ustar archive (ustarWriter.ts) compressed at a
 * fixed level. The gzip header (RFC 1952 §2.3) carries no file name and MTIME 0 (zlib writes those
 * by default), and its OS byte is set to 255 ("unknown") so that the bytes do not depend on the
 * platform zlib was built for. Byte-identical output for the same files assumes the same zlib
 * deflate implementation (one Node.js release); the manifest's digests do not depend on it.
 */
export function packArchive(files: ReadonlyMap<string, Uint8Array>): Buffer {
  const gz = gzipSync(writeUstar(files), {
    level: PACKAGE_GZIP_LEVEL,
    memLevel: 8,
    strategy: constants.Z_DEFAULT_STRATEGY,
  });
  gz[9] = 0xff; // RFC 1952 §2.3.1 OS: 255 = unknown
  return gz;
}
