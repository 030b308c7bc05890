import { EvidentError } from '../errors.ts';

/*
 * Entry bundles of C2SP tlog-tiles ("Log entries"): a sequence of log entries, each prefixed with its
 * length as a big-endian uint16. So no entry can be longer than 65,535 bytes, which is why
 * MAX_ENTRY_BYTES (core/model/ledgerEvent.ts) is 65,535.
 */

/** Longest entry an entry bundle can hold: the largest uint16. */
export const MAX_BUNDLED_ENTRY_BYTES = 0xffff;

/** Encodes entries as one bundle. Throws `entry_too_large` naming the entry that does not fit. */
export function encodeEntryBundle(entries: readonly Uint8Array[], firstIndex = 0): Uint8Array {
  let length = 0;
  entries.forEach((entry, i) => {
    if (entry.length > MAX_BUNDLED_ENTRY_BYTES) {
      throw new EvidentError(
        'entry_too_large',
        `entry ${firstIndex + i} is ${entry.length} bytes; a tlog-tiles entry bundle holds at most ${MAX_BUNDLED_ENTRY_BYTES} bytes an entry (big-endian uint16 length)`,
      );
    }
    length += 2 + entry.length;
  });
  const bundle = new Uint8Array(length);
  let at = 0;
  for (const entry of entries) {
    bundle[at] = entry.length >> 8;
    bundle[at + 1] = entry.length & 0xff;
    bundle.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return bundle;
}

/**
 * Decodes a bundle that must hold exactly `count` entries and nothing after them. Throws `tampered`
 * with what is wrong: a bundle that does not parse is not the one the log published.
 */
export function decodeEntryBundle(bundle: Uint8Array, count: number, name: string): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (entries.length === count) {
      throw new EvidentError(
        'tampered',
        `${name} has ${bundle.length - at} bytes after its ${count} entries`,
      );
    }
    if (at + 2 > bundle.length) {
      throw new EvidentError('tampered', `${name} ends inside the length of entry ${entries.length}`);
    }
    const length = ((bundle[at] ?? 0) << 8) | (bundle[at + 1] ?? 0);
    if (at + 2 + length > bundle.length) {
      throw new EvidentError(
        'tampered',
        `${name}: entry ${entries.length} claims ${length} bytes but only ${bundle.length - at - 2} follow`,
      );
    }
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (entries.length !== count) {
    throw new EvidentError('tampered', `${name} holds ${entries.length} entries, not ${count}`);
  }
  return entries;
}
