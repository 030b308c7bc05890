import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { EvidentError } from '../../core/errors.ts';

/** A write that could not be delivered, kept exactly as it would have been sent. */
export interface SpooledRecord {
  readonly host: string;
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  /** Raw bytes to send instead of JSON (evidence), from a file the spool keeps its own copy of. */
  readonly raw?: { readonly file: string; readonly contentType: string };
  /** The same key on every attempt: the server records it once however often it is sent. */
  readonly idempotencyKey: string;
  readonly spooledAt: string;
}

/**
 * The local spool (DESIGN §5 "an outage never loses a record"): one JSON file per record, written to
 * a temporary name and renamed, so a crash leaves either the whole record or none.
 */
export class Spool {
  private sequence = 0;

  constructor(private readonly dir: string) {}

  /**
   * Spools a record; its name sorts by time, then by the order of this process's writes, so a flush
   * sends an evidence file before the attestation that needs it.
   */
  add(record: SpooledRecord): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (record.raw !== undefined) {
      const blobs = join(this.dir, 'blobs');
      mkdirSync(blobs, { recursive: true, mode: 0o700 });
      const copy = join(blobs, record.idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '_'));
      copyFileSync(record.raw.file, copy);
      record = { ...record, raw: { ...record.raw, file: copy } };
    }
    this.sequence += 1;
    const name = `${record.spooledAt.replace(/[:.]/g, '-')}-${String(this.sequence).padStart(6, '0')}-${record.idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
    const file = join(this.dir, name);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
    return file;
  }

  /** Spooled records, oldest first, with the file each lives in. */
  list(): { file: string; record: SpooledRecord }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    return names.sort().map((name) => {
      const file = join(this.dir, name);
      try {
        return { file, record: JSON.parse(readFileSync(file, 'utf8')) as SpooledRecord };
      } catch (error) {
        throw new EvidentError('bad_request', `spool file ${file} is unreadable: ${String(error)}`);
      }
    });
  }

  remove(file: string, record?: SpooledRecord): void {
    if (record?.raw !== undefined) rmSync(record.raw.file, { force: true });
    rmSync(file, { force: true });
  }
}
