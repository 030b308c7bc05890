import { messageOf } from '../../core/errors.ts';
import { parseCanonical } from '../../core/ledger/canonicalJson.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { CompactTree } from '../../core/ledger/compactTree.ts';
import { hashEquals, leafHash, toHex } from '../../core/ledger/merkleHash.ts';
import { openNote, type NoteVerifier } from '../../core/ledger/signedNote.ts';
import { ENTRY_VERSION, type CommittedEvent } from '../../core/model/ledgerEvent.ts';
import type { LedgerStore, StoredCheckpoint } from '../../storage/ledgerStore.ts';
import type { Findings, OrgSummary } from './verificationReport.ts';

/** A checkpoint the log must be consistent with, and where it came from (for the report). */
export interface TrustedCheckpoint {
  readonly note: string;
  readonly source: string;
  /** Given by the auditor (`--checkpoint`), rather than a witness file the server wrote. */
  readonly supplied: boolean;
}

export interface ReplayInput {
  readonly store: LedgerStore;
  readonly org: string;
  readonly origin: string;
  readonly verifiers: readonly NoteVerifier[];
  /** Checkpoints held outside the database: witness files, ones an auditor saved. */
  readonly external: readonly TrustedCheckpoint[];
  readonly findings: Findings;
  /** Receives every decodable event in order (a page at a time), to rebuild projections. */
  readonly onEvents: (events: readonly CommittedEvent[]) => Promise<void>;
}

const PAGE = 10_000;

interface Expected {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly what: string;
}

/**
 * Replays one org's log from its bytes (DESIGN §3 "Verification"): re-hashes every entry and every
 * stored tree node, checks the indices are gapless, that every stored checkpoint is signed by a known
 * key for this log's origin and matches the replayed root at its size, that the head matches, and that
 * checkpoints held outside the database are covered — so a rewind of entries, head and checkpoints
 * together is still caught.
 */
export async function replayLog(input: ReplayInput): Promise<OrgSummary> {
  const { store, org, findings } = input;
  const add = (kind: Parameters<Findings['add']>[0]['kind'], message: string, index?: number) =>
    findings.add({ org, kind, message, ...(index !== undefined && { index }) });

  const stored = await store.checkpoints(org);
  const expected = [
    ...stored.flatMap((c) => checkpointExpectation(c, input, add)),
    ...input.external.flatMap((c) => externalExpectation(c, input, add)),
  ].sort((a, b) => a.size - b.size);

  const tree = new CompactTree(0, []);
  let next = 0;
  let lastAt = '';
  // `expected` is sorted by size: walk it alongside the replay instead of scanning it per entry.
  let due = 0;
  const check = (at: number) => {
    while (due < expected.length && (expected[due] as Expected).size <= at) {
      const e = expected[due] as Expected;
      due += 1;
      if (e.size === at && !hashEquals(e.rootHash, tree.root())) {
        add(
          e.what.startsWith('stored') ? 'checkpoint' : 'witness',
          `${e.what}: root at size ${at} is ${toHex(e.rootHash)}, but the entries hash to ${toHex(tree.root())}`,
        );
      }
    }
  };
  check(0);
  for (let start = 0; ; start += PAGE) {
    const rows = await store.rawEntries(org, start, start + PAGE);
    const events: CommittedEvent[] = [];
    for (const row of rows) {
      if (row.idx !== next) {
        add('gap', `entries ${next}…${row.idx - 1} are missing`, next);
        // Carry on from the row we have: the tree is already wrong, but later findings stay useful.
      }
      next = row.idx + 1;
      const leaf = leafHash(row.entry);
      if (!hashEquals(leaf, row.leaf_hash)) {
        add(
          'leaf_hash',
          `entry ${row.idx}: stored leaf hash ${toHex(row.leaf_hash)} is not SHA-256(0x00‖entry) = ${toHex(leaf)}`,
          row.idx,
        );
      }
      const event = decodeEntry(row.entry, row.idx);
      if (typeof event === 'string') add('entry', `entry ${row.idx}: ${event}`, row.idx);
      else {
        if (event.at < lastAt)
          add(
            'entry',
            `entry ${row.idx}: time ${event.at} is before the previous entry's ${lastAt}`,
            row.idx,
          );
        lastAt = event.at;
        events.push(event);
      }
      const nodes = tree.append(leaf);
      const storedNodes = row.nodes;
      if (
        storedNodes.length !== nodes.length * 32 ||
        nodes.some((h, l) => !hashEquals(h, storedNodes.subarray(l * 32, (l + 1) * 32)))
      ) {
        add(
          'tree_node',
          `entry ${row.idx}: the stored tree nodes it completes differ from the recomputed ones`,
          row.idx,
        );
      }
      check(tree.size);
    }
    await input.onEvents(events);
    if (rows.length < PAGE) break;
  }

  const head = await store.head(org);
  if (head === undefined) add('head', 'the log has entries but no tree head');
  else {
    if (head.size !== tree.size)
      add('head', `the tree head says ${head.size} entries, the log holds ${tree.size}`);
    else if (!hashEquals(head.rootHash, tree.root()))
      add(
        'head',
        `the tree head root ${toHex(head.rootHash)} differs from the replayed ${toHex(tree.root())}`,
      );
    if (!stored.some((c) => c.size === head.size))
      add('head', `no signed checkpoint for the head's size ${head.size}`);
  }
  for (const e of expected) {
    if (e.size > tree.size) {
      add(
        e.what.startsWith('stored') ? 'truncated' : 'witness',
        `${e.what} covers ${e.size} entries, but the log holds only ${tree.size}: entries were removed`,
      );
    }
  }
  return { org, entries: tree.size, checkpoints: stored.length, rootHash: toHex(tree.root()) };
}

function checkpointExpectation(
  c: StoredCheckpoint,
  input: ReplayInput,
  add: (kind: 'checkpoint', message: string) => void,
): Expected[] {
  const what = `stored checkpoint of size ${c.size}`;
  const opened = openChecked(c.note, input, what, (m) => add('checkpoint', m));
  if (opened === undefined) return [];
  if (opened.size !== c.size || !hashEquals(opened.rootHash, c.rootHash)) {
    add(
      'checkpoint',
      `${what}: its columns (size ${c.size}, root ${toHex(c.rootHash)}) differ from its signed text`,
    );
  }
  return [{ size: opened.size, rootHash: opened.rootHash, what }];
}

function externalExpectation(
  c: { note: string; source: string },
  input: ReplayInput,
  add: (kind: 'witness', message: string) => void,
): Expected[] {
  const what = `checkpoint from ${c.source}`;
  const opened = openChecked(c.note, input, what, (m) => add('witness', m));
  return opened === undefined ? [] : [{ size: opened.size, rootHash: opened.rootHash, what }];
}

function openChecked(note: string, input: ReplayInput, what: string, report: (message: string) => void) {
  try {
    const { text } = openNote(note, input.verifiers);
    const checkpoint = parseCheckpoint(text);
    if (checkpoint.origin !== input.origin) {
      report(`${what}: origin "${checkpoint.origin}" is not this log's "${input.origin}"`);
      return undefined;
    }
    return checkpoint;
  } catch (error) {
    report(`${what}: ${messageOf(error)}`);
    return undefined;
  }
}

/** Decodes an entry, or says what is wrong with it. */
function decodeEntry(bytes: Uint8Array, index: number): CommittedEvent | string {
  const value = parseCanonical(bytes);
  if (value === undefined) return 'not RFC 8785 canonical JSON';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { v, type, at, actor, data } = value as Record<string, unknown>;
  if (v !== ENTRY_VERSION) return `unknown entry version ${JSON.stringify(v)}`;
  if (
    typeof type !== 'string' ||
    typeof at !== 'string' ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at)
  ) {
    return 'type or time missing or malformed';
  }
  if (typeof actor !== 'object' || actor === null || typeof data !== 'object' || data === null)
    return 'actor or data missing';
  return { index, at, type, actor: actor as CommittedEvent['actor'], data: data as CommittedEvent['data'] };
}
