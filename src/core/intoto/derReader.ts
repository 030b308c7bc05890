import { EvidentError } from '../errors.ts';

/*
 * The little DER (ITU-T X.690 §8, §10) needed to read X.509 extensions that node:crypto does not
 * expose (RFC 5280 §4.1: Certificate → tbsCertificate → [3] extensions). Certificates are hostile
 * input: lengths are checked against the bytes present, only definite lengths (DER) and low tag
 * numbers are read, and nesting is walked by the caller one level at a time.
 */

export interface DerNode {
  /** The identifier octet: class, constructed bit and tag number (e.g. 0x30 SEQUENCE, 0xa3 [3]). */
  readonly tag: number;
  readonly content: Uint8Array;
}

function fail(message: string): never {
  throw new EvidentError('invalid_evidence', `malformed DER: ${message}`);
}

/** The TLV at `offset`, and where the next one starts. */
function readOne(bytes: Uint8Array, offset: number): { node: DerNode; next: number } {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined) fail('truncated header');
  if ((tag & 0x1f) === 0x1f) fail('high tag numbers are not read');
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) fail('indefinite or oversized length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const byte = bytes[start + i];
      if (byte === undefined) fail('truncated length');
      length = length * 256 + byte;
    }
    start += count;
  }
  if (start + length > bytes.length) fail('content runs past the end');
  return { node: { tag, content: bytes.subarray(start, start + length) }, next: start + length };
}

/** The single DER value that `bytes` must consist of. */
export function derValue(bytes: Uint8Array): DerNode {
  const { node, next } = readOne(bytes, 0);
  if (next !== bytes.length) fail('trailing bytes');
  return node;
}

/** The values inside a constructed value (SEQUENCE, SET, explicit tag), in order. */
export function derChildren(node: DerNode): DerNode[] {
  const children: DerNode[] = [];
  for (let offset = 0; offset < node.content.length;) {
    const { node: child, next } = readOne(node.content, offset);
    children.push(child);
    offset = next;
  }
  return children;
}

/** An OBJECT IDENTIFIER's content as dotted decimal (X.690 §8.19). */
export function derOid(content: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const [first = 0, ...rest] = arcs;
  const top = Math.min(Math.floor(first / 40), 2);
  return [top, first - top * 40, ...rest].join('.');
}
