import { EvidentError } from '../errors.ts';

/*
 * A minimal, deterministic POSIX ustar writer (IEEE Std 1003.1-2017, pax: "ustar Interchange
 * Format") for audit packages: regular files only, names of at most 100 bytes (so no prefix field
 * and no pax or GNU extension is ever needed), every header field fixed — mode 0644, uid and gid 0,
 * no user or group name, mtime 0 — and entries sorted by name (byte order), so the same files
 * always give the same bytes.
 */

const BLOCK = 512;
/** Largest size a 12-byte octal field holds (11 digits): 8 GiB − 1. */
const MAX_OCTAL_SIZE = 0o77777777777;

function octal(value: number, width: number): string {
  // width − 1 digits, zero-padded, then NUL (the usual form; GNU and BSD tar read it).
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: Buffer, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  block.write(octal(0o644, 8), 100, 'latin1'); // mode
  block.write(octal(0, 8), 108, 'latin1'); // uid
  block.write(octal(0, 8), 116, 'latin1'); // gid
  block.write(octal(size, 12), 124, 'latin1'); // size
  block.write(octal(0, 12), 136, 'latin1'); // mtime: the epoch, never the packing time
  block.write('        ', 148, 'latin1'); // chksum counted as spaces
  block.write('0', 156, 'latin1'); // typeflag: regular file
  block.write('ustar\u000000', 257, 'latin1'); // magic "ustar\0", version "00"
  let sum = 0;
  for (const byte of block) sum += byte;
  // chksum: six octal digits, NUL, space (as POSIX tar writes it).
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** Byte-order comparison of UTF-8 names, independent of any locale. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The ustar archive of `files` (name → bytes), sorted by name, ending with two zero blocks.
 * Throws `bad_request` for a name that is empty, longer than 100 bytes, absolute, or has an empty,
 * "." or ".." segment, a backslash or a NUL — names a package never has.
 */
export function writeUstar(files: ReadonlyMap<string, Uint8Array>): Buffer {
  const names = [...files.keys()].sort(compareNames);
  const parts: Buffer[] = [];
  for (const name of names) {
    const encoded = Buffer.from(name, 'utf8');
    const segments = name.split('/');
    if (
      encoded.length === 0 ||
      encoded.length > 100 ||
      /[\\\0]/.test(name) ||
      segments.some((s) => s === '' || s === '.' || s === '..')
    ) {
      throw new EvidentError(
        'bad_request',
        `tar entry name ${JSON.stringify(name)} is not a plain relative path of 1–100 bytes`,
      );
    }
    const body = files.get(name) as Uint8Array;
    if (body.length > MAX_OCTAL_SIZE)
      throw new EvidentError('payload_too_large', `${name} is too large for ustar`);
    parts.push(header(encoded, body.length), Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
