import type { JsonValue } from '../ledger/canonicalJson.ts';
import type { Actor } from './actor.ts';

export type { Actor } from './actor.ts';

/** A domain event before the sequencer gives it a time and an index. */
export interface LedgerEvent {
  readonly type: string;
  readonly actor: Actor;
  readonly data: { readonly [key: string]: JsonValue };
}

/** A domain event as committed: the decoded form of one ledger entry (DESIGN §3 "Entry"). */
export interface CommittedEvent extends LedgerEvent {
  readonly index: number;
  readonly at: string;
}

/** Entry format version, the `v` of every entry. */
export const ENTRY_VERSION = 1;

/**
 * DESIGN §3: an entry is at most 64 KiB of canonical JSON — precisely 65,535 bytes, one less than
 * 64 KiB, because C2SP tlog-tiles entry bundles prefix each entry with a big-endian uint16 length
 * (https://c2sp.org/tlog-tiles "Log entries"), and every log must be exportable as tiles.
 */
export const MAX_ENTRY_BYTES = 0xffff;

/** The JSON object that is canonicalised into an entry's bytes. */
export function entryObject(event: LedgerEvent, at: string): { [key: string]: JsonValue } {
  return { v: ENTRY_VERSION, type: event.type, at, actor: event.actor, data: event.data };
}
