import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidentError, isEvidentError, messageOf } from '../../core/errors.ts';
import { parseCheckpoint, type Checkpoint } from '../../core/ledger/checkpoint.ts';
import { hashEquals, hashFromHex } from '../../core/ledger/merkleHash.ts';
import { verifyConsistency } from '../../core/ledger/proofVerify.ts';
import { verifyReceipt, type ReceiptLike } from '../../core/ledger/receiptVerify.ts';
import { openNote, parseNote, verifierFromVkey, type NoteVerifier } from '../../core/ledger/signedNote.ts';
import type { ApiClient } from './apiClient.ts';

/**
 * Holds the server to account (DESIGN §3 "Clients hold the server to account"): every receipt and
 * checkpoint the CLI sees is checked against the pinned verifier key, and against the last
 * checkpoint it saw for that server and org with a consistency proof. A fork or a rewrite is
 * `tampered` (exit 5) with both checkpoints in the message, as evidence.
 */
export class LogWitness {
  constructor(
    private readonly stateDir: string,
    private readonly client: ApiClient,
    private readonly host: string,
    /** Verifier keys given by the user; otherwise the server's are pinned on first use. */
    private readonly configured: readonly string[] = [],
  ) {}

  /** The keys this very instance pinned on first use (trust on first use), if it did. */
  private pinned: readonly string[] = [];

  /** The server's keys that this run pinned on first use, for the caller to say so; empty otherwise. */
  get pinnedOnFirstUse(): readonly string[] {
    return this.pinned;
  }

  /** Checks a write's receipt, then the log's consistency with what was seen before. */
  async checkReceipt(org: string, receipt: ReceiptLike): Promise<Checkpoint> {
    const verifiers = await this.verifiers();
    let checkpoint: Checkpoint;
    try {
      checkpoint = verifyReceipt(receipt, verifiers);
    } catch (error) {
      throw new EvidentError(
        'tampered',
        `the server's receipt for entry ${receipt.index} does not verify: ${messageOf(error)}`,
      );
    }
    await this.advance(org, receipt.checkpoint, checkpoint);
    return checkpoint;
  }

  /** Checks a checkpoint note (e.g. from /log/checkpoint) the same way. */
  async checkCheckpoint(org: string, note: string): Promise<Checkpoint> {
    const verifiers = await this.verifiers();
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(openNote(note, verifiers).text);
    } catch (error) {
      throw new EvidentError('tampered', `the server's checkpoint does not verify: ${messageOf(error)}`);
    }
    await this.advance(org, note, checkpoint);
    return checkpoint;
  }

  /**
   * The auditor's check (`evident verify log --checkpoint FILE`): the live log, whose checkpoint
   * `live` was already checked, extends the checkpoint `savedNote` saved earlier. Same origin, a
   * signature by a trusted key, a size no larger than the live one, equal roots at equal sizes, and
   * otherwise an RFC 9162 §2.1.4 consistency proof from the server that verifies. The saved
   * checkpoint is not written to this client's state: an auditor's file for another org must not
   * poison what the client remembers. A note that cannot be read at all is bad input (exit 2). One
   * not signed by a trusted key is bad input too when it is the user's `file` (as for the offline
   * `evident verify --checkpoint`); without `file` (a mirror's own checkpoint) it is `tampered`. One
   * of another log, or not extended, is `tampered` (exit 5).
   */
  async checkExtends(
    org: string,
    savedNote: string,
    liveNote: string,
    live: Checkpoint,
    file?: string,
  ): Promise<Checkpoint> {
    const verifiers = await this.verifiers();
    let saved: Checkpoint;
    try {
      saved = parseCheckpoint(parseNote(savedNote).text);
    } catch (error) {
      throw new EvidentError(
        'bad_request',
        file === undefined
          ? `the saved checkpoint is not a signed checkpoint note: ${messageOf(error)}`
          : `${file} is not a checkpoint signed by a trusted key (${messageOf(error)})`,
      );
    }
    const notExtended = (what: string) => fork(what, savedNote, liveNote, SAVED);
    try {
      openNote(savedNote, verifiers);
    } catch (error) {
      if (file !== undefined) {
        throw new EvidentError(
          'bad_request',
          `${file} is not a checkpoint signed by a trusted key (${messageOf(error)})`,
        );
      }
      throw notExtended(`the saved checkpoint is not signed by a trusted key (${messageOf(error)})`);
    }
    if (saved.origin !== live.origin) {
      throw notExtended(
        `the saved checkpoint is of the log "${saved.origin}", the live log is "${live.origin}"`,
      );
    }
    if (saved.size > live.size) {
      throw notExtended(
        `the live log has ${live.size} entries, fewer than the ${saved.size} of the saved checkpoint`,
      );
    }
    await this.proveConsistent(org, saved, live, notExtended);
    return saved;
  }

  private async advance(org: string, note: string, checkpoint: Checkpoint): Promise<void> {
    const file = join(this.dir(), `${org}.checkpoint`);
    if (existsSync(file)) {
      const seenNote = readFileSync(file, 'utf8');
      const seen = parseCheckpoint(openNote(seenNote, await this.verifiers()).text);
      const forked = (what: string) => fork(what, seenNote, note, SEEN);
      if (seen.origin !== checkpoint.origin) {
        throw forked(`the log's origin changed from "${seen.origin}" to "${checkpoint.origin}"`);
      }
      const [older, newer] = seen.size <= checkpoint.size ? [seen, checkpoint] : [checkpoint, seen];
      await this.proveConsistent(org, older, newer, forked);
      if (checkpoint.size <= seen.size) return;
    }
    write(file, note);
  }

  /** Equal roots at equal sizes, else a verified consistency proof from the server (older ≤ newer). */
  private async proveConsistent(
    org: string,
    older: Checkpoint,
    newer: Checkpoint,
    forked: (what: string) => EvidentError,
  ): Promise<void> {
    if (older.size === newer.size) {
      if (!hashEquals(older.rootHash, newer.rootHash)) throw forked('two different trees of the same size');
      return;
    }
    if (older.size === 0) return;
    let body: unknown;
    try {
      ({ body } = await this.client.request(
        'GET',
        `/api/v1/orgs/${encodeURIComponent(org)}/log/proofs/consistency?from=${older.size}&to=${newer.size}`,
      ));
    } catch (error) {
      // A server that cannot prove it (e.g. its log is shorter than a checkpoint it signed) forked.
      if (isEvidentError(error, 'unavailable')) throw error;
      throw forked(`the server cannot prove size ${older.size} to ${newer.size} (${messageOf(error)})`);
    }
    const hashes = (body as { hashes?: unknown }).hashes;
    try {
      if (!Array.isArray(hashes)) throw new Error('no proof hashes in the answer');
      verifyConsistency(
        older.size,
        newer.size,
        hashes.map((h) => hashFromHex(String(h))),
        older.rootHash,
        newer.rootHash,
      );
    } catch (error) {
      throw forked(
        `no valid consistency proof from size ${older.size} to ${newer.size} (${messageOf(error)})`,
      );
    }
  }

  /** The verifiers to trust: configured keys, else those pinned on first contact with this server. */
  private async verifiers(): Promise<NoteVerifier[]> {
    if (this.configured.length > 0) return this.configured.map(verifierFromVkey);
    const file = join(this.dir(), 'vkeys');
    if (!existsSync(file)) {
      const { text } = await this.client.request('GET', '/api/v1/log/key', { accept: 'text/plain' });
      const keys = text.split('\n').filter((line) => line.trim() !== '');
      keys.forEach(verifierFromVkey);
      write(file, `${keys.join('\n')}\n`);
      this.pinned = keys;
    }
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(verifierFromVkey);
  }

  /** One folder per server (by a hash of its URL). */
  private dir(): string {
    const id = createHash('sha256').update(this.host).digest('hex').slice(0, 16);
    const dir = join(this.stateDir, 'servers', id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }
}

const SEEN = {
  what: "the server's log is not consistent with what this client saw before",
  before: 'checkpoint seen before',
};
const SAVED = { what: 'the live log does not extend the saved checkpoint', before: 'saved checkpoint' };

function fork(what: string, seen: string, now: string, kind: { what: string; before: string }): EvidentError {
  return new EvidentError(
    'tampered',
    `${kind.what}: ${what}.\n--- ${kind.before} ---\n${seen}--- checkpoint now ---\n${now}`,
  );
}

function write(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
