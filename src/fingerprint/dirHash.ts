import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readlink, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { EvidentError } from '../core/errors.ts';
import { fileSha256 } from './fileDigest.ts';
import { fsError } from './fsErrors.ts';
import { anyGlobMatches, compileGlob, type Glob } from './glob.ts';
import { readIgnoreFile } from './ignoreFile.ts';

/**
 * Directory fingerprints, identical to Go's "h1" directory hash (golang.org/x/mod/sumdb/dirhash,
 * `Hash1`, the hash of go.sum and the Go checksum database):
 *
 *   summary = for each file, in sort order of its name's bytes (Go `sort.Strings`):
 *             hex(sha256(content)) + "  " + name + "\n"
 *   h1      = "h1:" + base64(sha256(summary))        (standard base64, with padding)
 *
 * "prepared as if by `find . -type f | sort | xargs sha256sum | sha256sum`" (dirhash doc comment).
 * Evident's fingerprint of the directory is the hex of that same SHA-256 (`sha256`).
 *
 * Rules (each one is a choice). Whenever this succeeds with symlinks refused and nothing
 * excluded, the result equals Go's `HashDir(root, prefix, Hash1)` on the same tree:
 * - Names are paths relative to `root`, '/'-separated, as stored on disk (no Unicode
 *   normalisation); `prefix`, when given, is joined in front as Go's `HashDir` does
 *   (`prefix + "/" + path`, e.g. "golang.org/x/mod@v0.1.0").
 * - Only regular files are listed. Directories are not entries, so an empty directory changes
 *   nothing (Go lists files only). Modes, owners, timestamps never enter the hash.
 * - `root` itself may be a symbolic link to a directory (the caller named it). Below it, links
 *   are never followed (a link could point out of the tree or make the walk loop).
 *   `symlinks: 'refuse'` (default) fails with `bad_request`, naming the link.
 *   `symlinks: 'record'` lists the link as a file whose content is the link's target text, as
 *   read by readlink(2) — git's model of a symlink (a blob holding the target). Go's `HashDir` would
 *   hash the target file's content instead, so with recorded links h1 is Evident's, not Go's.
 * - Other special files (FIFOs, sockets, devices) are refused: they have no stable content.
 * - Names containing a newline are refused (Go's Hash1 refuses them: the summary is line-based);
 *   names that are not valid UTF-8 are refused too (they cannot be spelled in the summary).
 * - Exclusions (`exclude` globs and `.evidentignore` at the root, see glob.ts / ignoreFile.ts)
 *   remove files, and whole directories, from the list before hashing.
 */

export interface DirHashOptions {
  /** Extra exclusion globs (the CLI's `--exclude`), on top of `.evidentignore`. */
  readonly exclude?: readonly string[];
  /** Read `<root>/.evidentignore` (default true). */
  readonly useIgnoreFile?: boolean;
  /** What to do with symbolic links (default 'refuse'). */
  readonly symlinks?: 'refuse' | 'record';
  /** Go `HashDir` prefix put in front of every name (default none). */
  readonly prefix?: string;
  /** Bounded input (DESIGN §7): refuse trees with more files than this (default 1,000,000). */
  readonly maxFiles?: number;
}

export interface DirHash {
  /** Go's form: "h1:" + base64 of the digest. */
  readonly h1: string;
  /** Evident's fingerprint: the same digest as 64 lowercase hex digits. */
  readonly sha256: string;
  /** Number of entries in the summary (regular files, plus recorded symlinks). */
  readonly files: number;
}

const DEFAULT_MAX_FILES = 1_000_000;
/**
 * Files hashed at once. Small files are hashed synchronously (fileDigest.ts), so this matters for
 * large ones: a few in flight keep the thread pool reading while the main thread hashes.
 */
const CONCURRENCY = 4;
/** Give the event loop a turn at least this often (ms) while hashing many small files. */
const YIELD_EVERY_MS = 20;
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Entry {
  /** The name in the summary (prefix applied). */
  readonly name: string;
  readonly nameBytes: Buffer;
  readonly absolute: string;
  readonly kind: 'file' | 'symlink';
}

export async function dirHashH1(root: string, options: DirHashOptions = {}): Promise<DirHash> {
  try {
    if (!(await stat(root)).isDirectory()) {
      throw new EvidentError('bad_request', `${JSON.stringify(root)} is not a directory`, { path: root });
    }
  } catch (error) {
    throw fsError(error, root, 'directory');
  }
  const globs: Glob[] = (options.exclude ?? []).map(compileGlob);
  if (options.useIgnoreFile ?? true) globs.push(...(await readIgnoreFile(root)));

  const entries = await listEntries(root, globs, options);
  entries.sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));

  // One summary line per entry (dirhash Hash1: "%x  %s\n"), computed concurrently, kept in order.
  const lines = await mapConcurrent(
    entries,
    CONCURRENCY,
    async (entry) => `${await digestOf(entry)}  ${entry.name}\n`,
  );
  const summary = createHash('sha256');
  for (const line of lines) summary.update(line, 'utf8');
  const digest = summary.digest();
  return { h1: `h1:${digest.toString('base64')}`, sha256: digest.toString('hex'), files: entries.length };
}

/** Walk the tree without following links; the entries to hash, unsorted. */
async function listEntries(root: string, globs: readonly Glob[], options: DirHashOptions): Promise<Entry[]> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const prefix =
    options.prefix === undefined || options.prefix === '' ? '' : `${options.prefix.replace(/\/+$/, '')}/`;
  const entries: Entry[] = [];
  // Directories to read: [absolute path, relative path ('' for the root)].
  const pending: [string, string][] = [[root, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [directory, relativeDirectory] = next;
    let children: Dirent<Buffer>[];
    try {
      children = await readdir(directory, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      throw fsError(error, directory, 'directory');
    }
    for (const child of children) {
      const name = decodeName(child.name, relativeDirectory);
      const relative = relativeDirectory === '' ? name : `${relativeDirectory}/${name}`;
      const absolute = `${directory}/${name}`;
      const isDirectory = child.isDirectory();
      if (anyGlobMatches(globs, relative, isDirectory)) continue;
      if (isDirectory) {
        pending.push([absolute, relative]);
        continue;
      }
      let kind: Entry['kind'];
      if (child.isFile()) kind = 'file';
      else if (child.isSymbolicLink() && options.symlinks === 'record') kind = 'symlink';
      else if (child.isSymbolicLink()) {
        throw new EvidentError(
          'bad_request',
          `${JSON.stringify(relative)} is a symbolic link; exclude it or record links (symlinks: 'record')`,
          { path: relative },
        );
      } else {
        throw new EvidentError('bad_request', `${JSON.stringify(relative)} is not a regular file`, {
          path: relative,
        });
      }
      const summaryName = prefix + relative;
      if (summaryName.includes('\n')) {
        // golang.org/x/mod/sumdb/dirhash Hash1: "File names with newlines (U+000A) are disallowed."
        throw new EvidentError(
          'bad_request',
          `file names with newlines are not supported: ${JSON.stringify(relative)}`,
          {
            path: relative,
          },
        );
      }
      if (entries.length >= maxFiles) {
        throw new EvidentError('payload_too_large', `the directory holds more than ${maxFiles} files`, {
          maxFiles,
        });
      }
      entries.push({ name: summaryName, nameBytes: Buffer.from(summaryName, 'utf8'), absolute, kind });
    }
  }
  return entries;
}

function decodeName(bytes: Buffer, relativeDirectory: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new EvidentError(
      'bad_request',
      `a file name in ${JSON.stringify(relativeDirectory || '.')} is not UTF-8`,
      {
        directory: relativeDirectory,
        name: bytes.toString('hex'),
      },
    );
  }
}

async function digestOf(entry: Entry): Promise<string> {
  if (entry.kind === 'file') return fileSha256(entry.absolute, { noFollow: true });
  let target: Buffer;
  try {
    target = await readlink(entry.absolute, { encoding: 'buffer' });
  } catch (error) {
    throw fsError(error, entry.absolute, 'symbolic link');
  }
  return createHash('sha256').update(target).digest('hex');
}

/**
 * `fn` over `items` with at most `limit` calls in flight; results in input order. Synchronous
 * work inside `fn` would otherwise hold the event loop for the whole tree.
 */
async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let lastYield = performance.now();
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await fn(items[index] as T);
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
