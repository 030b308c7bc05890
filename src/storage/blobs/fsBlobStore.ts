import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, type ReadStream } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EvidentError } from '../../core/errors.ts';

/**
 * The evidence vault on a local folder (DESIGN §6): files are stored once, by SHA-256, at
 * `<root>/sha256/ab/cd/<hex>`, written to a temporary file, hashed while streaming, checked against
 * the digest the client named, flushed to disk and only then renamed into place.
 */
export class FsBlobStore {
  constructor(private readonly root: string) {}

  /**
   * Stores a stream whose SHA-256 must be `sha256`; at most `maxBytes`. Returns its size and whether
   * it was new. A wrong digest or an oversized stream stores nothing.
   */
  async put(sha256: string, body: Readable, maxBytes: number): Promise<{ size: number; created: boolean }> {
    mkdirSync(join(this.root, 'tmp'), { recursive: true });
    const temp = join(this.root, 'tmp', randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    // Created before streaming, not lazily by the write stream: a stream destroyed mid-way could
    // otherwise open (and so create) the file after the clean-up below has already run.
    const file = await open(temp, 'wx', 0o640);
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > maxBytes) {
              throw new EvidentError(
                'payload_too_large',
                `evidence is larger than the limit of ${maxBytes} bytes`,
              );
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        file.createWriteStream(),
      );
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        throw new EvidentError(
          'invalid_evidence',
          `the uploaded bytes have SHA-256 ${actual}, not ${sha256}`,
        );
      }
      const target = this.pathOf(sha256);
      if (existsSync(target)) return { size, created: false };
      await flush(temp);
      mkdirSync(dirname(target), { recursive: true });
      await rename(temp, target);
      await flush(dirname(target));
      return { size, created: true };
    } finally {
      await file.close();
      await rm(temp, { force: true });
    }
  }

  /** The whole file, for evaluators (callers bound the size first). */
  read(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  stream(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  /** The SHA-256 of what is stored under `sha256` now (for verification), or undefined if missing. */
  async rehash(sha256: string): Promise<string | undefined> {
    if (!existsSync(this.pathOf(sha256))) return undefined;
    const hash = createHash('sha256');
    for await (const chunk of this.stream(sha256)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new EvidentError('bad_request', `not a SHA-256: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/** fsync, so a file (or a folder's new entry) survives a crash before we acknowledge it. */
async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
