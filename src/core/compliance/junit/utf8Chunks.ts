import { isUtf8 } from 'node:buffer';
import { EvidentError } from '../../errors.ts';

/**
 * Strict UTF-8 decoding of an evidence file, in chunks, so a streaming parser can stop early
 * (DESIGN §7: bounded inputs). A leading UTF-8 BOM (EF BB BF) is dropped. UTF-16/UTF-32 (by BOM or
 * by the `<` of an XML document encoded in them, XML 1.0 Appendix F.1) and byte sequences that are
 * not UTF-8 are refused with EvidentError('invalid_evidence'), naming the first bad byte offset.
 */

const CHUNK_BYTES = 1024 * 1024;

function fail(message: string): never {
  throw new EvidentError('invalid_evidence', message);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629 §4). */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next < min || next > max) return i;
    }
    i += length;
  }
  return undefined;
}

/** Yields the text of `bytes` in pieces; throws before yielding anything if `bytes` is not UTF-8. */
export function* utf8Chunks(bytes: Uint8Array): Generator<string, void, undefined> {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    fail('the file is UTF-16 or UTF-32 encoded (byte order mark); only UTF-8 is supported');
  }
  if (startsWith(bytes, [0x00, 0x00]) || startsWith(bytes, [0x3c, 0x00]) || startsWith(bytes, [0x00, 0x3c])) {
    fail('the file looks UTF-16 or UTF-32 encoded (NUL bytes around "<"); only UTF-8 is supported');
  }
  if (!isUtf8(bytes)) {
    const offset = invalidUtf8Offset(bytes) ?? 0;
    const shown = (bytes[offset] ?? 0).toString(16).padStart(2, '0');
    fail(`the file is not valid UTF-8: byte 0x${shown} at offset ${offset} (only UTF-8 is supported)`);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    const end = Math.min(start + CHUNK_BYTES, bytes.length);
    yield decoder.decode(bytes.subarray(start, end), { stream: end < bytes.length });
  }
}
