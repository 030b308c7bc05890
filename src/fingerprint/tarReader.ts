import { EvidentError } from '../core/errors.ts';
import { ByteReader } from './byteReader.ts';

/**
 * A minimal, read-only tar parser for image archives: it reports entries and streams the bodies
 * the caller asks for; it never writes to disk, so an entry name can never escape anywhere — and
 * names that would (absolute, or with a ".." segment) make the archive refused all the same.
 *
 * Formats (IEEE Std 1003.1-2017, pax: "ustar Interchange Format" and "pax Interchange Format";
 * GNU tar manual, "Basic Tar Format" for the GNU extensions):
 * - 512-byte headers: name[0,100) mode uid gid size[124,136) mtime chksum[148,156) typeflag[156]
 *   linkname[157,257) magic[257,263) version[263,265) ... prefix[345,500) (POSIX ustar only).
 * - chksum: the sum of the header bytes with the chksum field taken as eight spaces (unsigned;
 *   signed sums from old tars are accepted too).
 * - Numbers are octal text; GNU base-256 (first byte 0x80) for sizes above 8 GiB.
 * - Type 'x' (pax extended header: "%d %s=%s\n" records; `path`, `linkpath`, `size` used) and
 *   'L' / 'K' (GNU long name / long link name) apply to the next entry; 'g' (pax global) is skipped.
 * - Link, symlink, device, directory and FIFO entries have no body whatever the size field says
 *   (as Go's archive/tar does).
 * - The archive ends at a zero block (or at the end of the input on a header boundary).
 *
 * Bounded (DESIGN §7): number of entries, size of pax headers and long names, size of any entry.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Normalised name: no leading "./" or "/", no trailing "/". */
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
}

/** What to do with an entry's body: a sink for its chunks, or undefined to skip it. */
export type TarVisitor = (entry: TarEntry) => ((chunk: Buffer) => void) | undefined;

export interface TarLimits {
  readonly maxEntries: number;
  /** Largest pax extended header or GNU long name accepted. */
  readonly maxHeaderBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntries: 100_000, maxHeaderBytes: 1024 * 1024 };

const BLOCK = 512;

const invalid = (message: string, details?: Record<string, unknown>): EvidentError =>
  new EvidentError('invalid_evidence', `tar archive: ${message}`, details);

/** Read every entry of the tar stream `source`, calling `visit` for each. */
export async function scanTar(
  source: AsyncIterable<unknown>,
  visit: TarVisitor,
  limits: TarLimits = DEFAULT_TAR_LIMITS,
): Promise<void> {
  const reader = new ByteReader(source);
  try {
    await scan(reader, visit, limits);
  } finally {
    await reader.close();
  }
}

async function scan(reader: ByteReader, visit: TarVisitor, limits: TarLimits): Promise<void> {
  let entries = 0;
  // Overrides for the next entry from pax 'x' and GNU 'L' / 'K' headers.
  let nextPath: string | undefined;
  let nextSize: number | undefined;
  for (;;) {
    const offset = reader.position;
    const header = await reader.read(BLOCK);
    if (header.length === 0) return; // end of input on a block boundary: accept as the end
    if (header.length < BLOCK) throw invalid('truncated header', { offset });
    if (header.every((byte) => byte === 0)) return; // end-of-archive marker
    verifyChecksum(header, offset);
    if (++entries > limits.maxEntries) {
      throw new EvidentError('payload_too_large', `tar archive: more than ${limits.maxEntries} entries`);
    }

    const flag = String.fromCharCode(header[156] ?? 0);
    const headerSize = parseNumber(header.subarray(124, 136), 'size', offset);

    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (headerSize > limits.maxHeaderBytes) {
        throw new EvidentError('payload_too_large', `tar archive: extended header of ${headerSize} bytes`, {
          offset,
        });
      }
      const body = await readBody(reader, headerSize, offset);
      if (flag === 'x') {
        const records = parsePax(body, offset);
        if (records.path !== undefined) nextPath = records.path;
        if (records.size !== undefined) nextSize = parseDecimal(records.size, offset);
      } else if (flag === 'L') {
        nextPath = cString(body);
      }
      continue; // 'g' (global) and 'K' (long link name) change nothing we use
    }

    const type = typeOf(flag);
    const rawName = nextPath ?? headerName(header);
    const size = HEADER_ONLY.has(flag) ? 0 : (nextSize ?? headerSize);
    nextPath = undefined;
    nextSize = undefined;
    const name = normaliseName(rawName, offset);

    const sink = visit({ name, type, size });
    if (!(await reader.forward(size, sink)))
      throw invalid(`entry ${JSON.stringify(name)} is truncated`, { offset });
    if (!(await reader.forward(padding(size)))) throw invalid('truncated padding', { offset });
  }
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7': // contiguous file: a regular file to everyone but a few old systems
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** Type flags whose entries never carry a body (links, devices, directories, FIFOs). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

async function readBody(reader: ByteReader, size: number, offset: number): Promise<Buffer> {
  const body = await reader.read(size);
  if (body.length < size || !(await reader.forward(padding(size))))
    throw invalid('truncated extended header', { offset });
  return body;
}

function verifyChecksum(header: Buffer, offset: number): void {
  const stored = parseNumber(header.subarray(148, 156), 'checksum', offset);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte >= 0x80 ? byte - 0x100 : byte;
  }
  if (stored !== unsigned && stored !== signed) {
    throw invalid(offset === 0 ? 'not a tar archive (bad header checksum)' : 'bad header checksum', {
      offset,
    });
  }
}

/** An octal number field, or a GNU base-256 one. */
function parseNumber(field: Buffer, what: string, offset: number): number {
  const first = field[0] ?? 0;
  if (first & 0x80) {
    if (first !== 0x80) throw invalid(`negative or oversized ${what} field`, { offset });
    let value = 0;
    for (const byte of field.subarray(1)) {
      value = value * 256 + byte;
      if (value > Number.MAX_SAFE_INTEGER) throw invalid(`${what} field out of range`, { offset });
    }
    return value;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (!/^[0-7]*$/.test(text)) throw invalid(`${what} field is not an octal number`, { offset });
  const value = text === '' ? 0 : parseInt(text, 8);
  if (!Number.isSafeInteger(value)) throw invalid(`${what} field out of range`, { offset });
  return value;
}

function parseDecimal(text: string, offset: number): number {
  if (!/^[0-9]{1,16}$/.test(text)) throw invalid('pax size is not a decimal number', { offset });
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw invalid('pax size out of range', { offset });
  return value;
}

/** Text up to the first NUL. */
function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  // POSIX ustar ("ustar\0" + "00") splits long names into prefix "/" name; GNU ("ustar  \0")
  // uses those bytes for other things.
  const posix = header.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = posix ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

/** pax records: "<length> <key>=<value>\n", the length counting the whole record. */
function parsePax(body: Buffer, offset: number): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    if (body[at] === 0) break; // some writers pad with NULs
    const space = body.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(body.subarray(at, space).toString('latin1'));
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > body.length) {
      throw invalid('malformed pax record', { offset });
    }
    const record = body.subarray(space + 1, at + length);
    if (record[record.length - 1] !== 0x0a) throw invalid('malformed pax record', { offset });
    const text = record.subarray(0, record.length - 1).toString('utf8');
    const equals = text.indexOf('=');
    if (equals <= 0) throw invalid('malformed pax record', { offset });
    records[text.slice(0, equals)] = text.slice(equals + 1);
    at += length;
  }
  return records;
}

/**
 * Entry names as paths relative to the archive root. Refused: NUL, an absolute path, a ".."
 * segment — whatever the reason for them, an image archive has none.
 */
function normaliseName(raw: string, offset: number): string {
  let name = raw;
  if (name.includes('\0')) throw invalid('entry name contains NUL', { offset });
  if (name.startsWith('/')) throw invalid(`absolute entry name ${JSON.stringify(raw)}`, { offset });
  while (name.startsWith('./')) name = name.slice(2);
  name = name.replace(/\/+$/, '');
  if (name.split('/').includes('..'))
    throw invalid(`entry name ${JSON.stringify(raw)} leaves the archive`, { offset });
  return name === '.' ? '' : name;
}
