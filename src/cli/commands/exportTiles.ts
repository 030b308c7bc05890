import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { parseCheckpoint } from '../../core/ledger/checkpoint.ts';
import { decodeBase64Strict } from '../../core/ledger/base64.ts';
import { hashEquals, hashFromHex, leafHash, toHex } from '../../core/ledger/merkleHash.ts';
import { parseNote } from '../../core/ledger/signedNote.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../core/tiles/entryBundle.ts';
import { TileHasher, type Tile } from '../../core/tiles/tileHasher.ts';
import { TILE_WIDTH, entriesPath, tilePath, tilesOfTree } from '../../core/tiles/tileLayout.ts';
import { ApiClient } from '../client/apiClient.ts';
import { LogWitness } from '../client/logWitness.ts';
import { emit } from '../output.ts';
import { resolveSettings } from '../settings.ts';

type Options = Record<string, unknown>;

/** Entries asked for a call; the server may answer fewer (it caps at 1000), and the client pages. */
const PAGE = 1000;

/** Writes `bytes` at `path` unless it already holds exactly them; atomic (temporary file, rename). */
function writeIfChanged(path: string, bytes: Uint8Array): boolean {
  if (existsSync(path) && Buffer.from(readFileSync(path)).equals(bytes)) return false;
  writeAtomic(path, bytes);
  return true;
}

function writeAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

/**
 * `evident export tiles DIR`: the org's log in the C2SP tlog-tiles layout (https://c2sp.org/tlog-tiles)
 * for static mirroring — `checkpoint`, `tile/<L>/<N>[.p/<W>]` hash tiles and `tile/entries/<N>[.p/<W>]`
 * entry bundles. The live checkpoint is checked like every checkpoint the CLI sees (trusted key,
 * consistent with those seen before); the tree rebuilt from the entries must have its root, and
 * each entry's leaf hash must be the one the server gave. A DIR exported before must hold a
 * checkpoint of the same log that the live one extends (a consistency proof), else nothing is
 * written: a mirror is never rewritten to another history. Re-running only writes what changed:
 * full tiles are immutable and kept (their entries are re-read from DIR, not downloaded), and one
 * whose bytes differ from those computed is a finding; the partial tiles of the old size are replaced
 * by the new ones. Every file is computed and checked (the rebuilt root against the live checkpoint)
 * in memory before anything is written, so a failed export leaves DIR as it was; the checkpoint is
 * written last, so a reader never finds one whose tiles are missing.
 */
export async function exportTiles(dir: string, options: Options): Promise<void> {
  const settings = resolveSettings(options, process.env);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const witness = new LogWitness(settings.stateDir, client, settings.host, settings.vkeys);
  const org = encodeURIComponent(settings.org);
  const { text: note } = await client.request('GET', `/api/v1/orgs/${org}/log/checkpoint`, {
    accept: 'text/plain',
  });
  const live = await witness.checkCheckpoint(settings.org, note);

  const checkpointFile = join(dir, 'checkpoint');
  let oldSize = 0;
  if (existsSync(checkpointFile)) {
    const oldNote = readFileSync(checkpointFile, 'utf8');
    oldSize = (await witness.checkExtends(settings.org, oldNote, note, live)).size;
  }
  // Everything is computed and checked in memory first; nothing is written unless all of it holds.
  // Full entry bundles already in DIR are immutable: their entries are read back, not downloaded.
  const kept = Math.floor(oldSize / TILE_WIDTH) * TILE_WIDTH;
  let unchanged = 0;
  /** Files to write, in order (the checkpoint last); files already holding their bytes are left out. */
  const pending = new Map<string, Uint8Array>();
  /** Full tiles and bundles in DIR whose bytes are not the ones computed: immutable, so findings. */
  const altered: string[] = [];
  const put = (path: string, bytes: Uint8Array) => {
    const target = join(dir, path);
    if (!existsSync(target)) pending.set(path, bytes);
    else if (Buffer.from(readFileSync(target)).equals(bytes)) unchanged += 1;
    else if (path.includes('.p/')) pending.set(path, bytes);
    else altered.push(path);
  };
  const hasher = new TileHasher(({ tile, bytes }: Tile) => {
    put(tilePath(tile), bytes);
  });
  for (let index = 0; index * TILE_WIDTH < kept; index++) {
    const path = entriesPath(index, TILE_WIDTH);
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(readFileSync(join(dir, path)), TILE_WIDTH, path);
    } catch (error) {
      throw new EvidentError(
        'tampered',
        `${dir} is damaged (${messageOf(error)}); check it with \`evident verify tiles\`, or export into an empty folder`,
      );
    }
    entries.forEach((entry) => {
      hasher.addLeaf(leafHash(entry));
    });
    unchanged += 1;
  }
  let bundle: Uint8Array[] = [];
  for (let start = kept; start < live.size;) {
    const end = Math.min(start + PAGE, live.size);
    const { body } = await client.request('GET', `/api/v1/orgs/${org}/log/entries?start=${start}&end=${end}`);
    const page = (body as { entries?: { index: number; leafHash: string; entry: string }[] }).entries ?? [];
    if (page.length === 0)
      throw new EvidentError(
        'tampered',
        `the server has no entry ${start}, though its checkpoint covers ${live.size}`,
      );
    for (const item of page) {
      const bytes = decodeBase64Strict(item.entry);
      if (item.index !== start || bytes === undefined) {
        throw new EvidentError(
          'tampered',
          `the server answered entry ${item.index} (malformed or out of order) when entry ${start} was due`,
        );
      }
      const leaf = leafHash(bytes);
      if (!hashEquals(leaf, hashFromHex(item.leafHash))) {
        throw new EvidentError(
          'tampered',
          `the server's leaf hash of entry ${start} is not the hash of its bytes`,
        );
      }
      hasher.addLeaf(leaf);
      bundle.push(bytes);
      start += 1;
      if (bundle.length === TILE_WIDTH || start === live.size) {
        put(
          entriesPath(Math.floor((start - 1) / TILE_WIDTH), bundle.length),
          encodeEntryBundle(bundle, start - bundle.length),
        );
        bundle = [];
      }
      if (start === end) break;
    }
  }
  const { partial, root } = hasher.finish();
  for (const { tile, bytes } of partial) put(tilePath(tile), bytes);
  const nothingWritten = `; nothing was written to ${dir}`;
  if (!hashEquals(root, live.rootHash)) {
    throw new EvidentError(
      'tampered',
      `the tree of the ${live.size} entries has root ${toHex(root)}, not the checkpoint's ${toHex(live.rootHash)}${kept > 0 ? ` (entries 0 to ${kept - 1} were read from ${dir}: check it with \`evident verify tiles\`)` : ''}${nothingWritten}`,
    );
  }
  if (altered.length > 0) {
    throw new EvidentError(
      'tampered',
      `${dir} holds full tiles that are immutable but not the ones computed from the log: ${altered.join(', ')}; check it with \`evident verify tiles\`${nothingWritten}`,
    );
  }
  let written = 0;
  for (const [path, bytes] of pending) {
    writeAtomic(join(dir, path), bytes);
    written += 1;
  }
  if (writeIfChanged(checkpointFile, new TextEncoder().encode(note))) written += 1;
  const removed = removeStalePartials(dir, oldSize, live.size);
  const origin = parseCheckpoint(parseNote(note).text).origin;
  emit(settings.output, {
    json: { dir, origin, size: live.size, root: toHex(live.rootHash), written, unchanged, removed },
    title: `exported ${origin} (${live.size} entries) to ${dir}: ${written} files written, ${unchanged} unchanged, ${removed} stale partial tiles removed`,
  });
}

/**
 * Partial tiles (and bundles) of the previous export that the new size replaced: a fuller partial
 * or the full tile now stands in their place (tlog-tiles "Partial Tiles": a log MAY delete a partial
 * tile once the full one is available). Only what the previous checkpoint named is removed.
 */
function removeStalePartials(dir: string, oldSize: number, newSize: number): number {
  if (oldSize === 0 || oldSize === newSize) return 0;
  const now = new Set(
    tilesOfTree(newSize).flatMap((t) =>
      t.level === 0 ? [tilePath(t), entriesPath(t.index, t.width)] : [tilePath(t)],
    ),
  );
  let removed = 0;
  for (const tile of tilesOfTree(oldSize)) {
    if (tile.width === TILE_WIDTH) continue;
    const paths = tile.level === 0 ? [tilePath(tile), entriesPath(tile.index, tile.width)] : [tilePath(tile)];
    for (const path of paths) {
      if (now.has(path) || !existsSync(join(dir, path))) continue;
      rmSync(join(dir, path));
      removed += 1;
    }
  }
  return removed;
}
