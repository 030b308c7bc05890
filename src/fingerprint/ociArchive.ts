import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { EvidentError } from '../core/errors.ts';
import { fsError } from './fsErrors.ts';
import { MAX_DOCUMENT_BYTES } from './ociIndex.ts';
import { scanTar, type TarEntry } from './tarReader.ts';

/**
 * One pass over an image tarball (an OCI layout in a tar — `oci-archive`, `docker buildx
 * --output type=oci`, `skopeo copy ... oci-archive:` — or a `docker save` output), optionally
 * gzip-compressed (RFC 1952 magic 1f 8b), keeping only the small documents that name the image:
 * `oci-layout`, `index.json`, `manifest.json`, blobs up to 4 MiB (manifests, indexes, configs)
 * and root-level `<sha256>.json` configs of old `docker save` archives. Layers stream past unread.
 */

/** All retained bytes together stay under this (many images in one archive still fit). */
const MAX_RETAINED_BYTES = 64 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

export interface ArchiveContents {
  /** Retained files by normalised name. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Names of entries that exist but were not kept (too large, or over the budget). */
  readonly skipped: ReadonlySet<string>;
  /** Names among the interesting ones that are links or other non-files. */
  readonly notFiles: ReadonlySet<string>;
}

const TOP_LEVEL = new Set(['oci-layout', 'index.json', 'manifest.json']);

/** Whether the entry is one of the documents worth keeping. */
function interesting(name: string): boolean {
  return (
    TOP_LEVEL.has(name) || /^blobs\/sha256\/[a-f0-9]{64}$/.test(name) || /^[a-f0-9]{64}\.json$/.test(name)
  );
}

export async function readImageArchive(path: string): Promise<ArchiveContents> {
  const gzip = await startsWithGzipMagic(path);
  const files = new Map<string, Buffer>();
  const skipped = new Set<string>();
  const notFiles = new Set<string>();
  let retained = 0;

  const visit = (entry: TarEntry): ((chunk: Buffer) => void) | undefined => {
    if (!interesting(entry.name)) return undefined;
    if (files.has(entry.name) || skipped.has(entry.name) || notFiles.has(entry.name)) {
      throw new EvidentError('invalid_evidence', `tar archive: ${JSON.stringify(entry.name)} appears twice`);
    }
    if (entry.type !== 'file') {
      notFiles.add(entry.name);
      return undefined;
    }
    if (entry.size > MAX_DOCUMENT_BYTES || retained + entry.size > MAX_RETAINED_BYTES) {
      skipped.add(entry.name);
      return undefined;
    }
    retained += entry.size;
    const body = Buffer.allocUnsafe(entry.size);
    let at = 0;
    files.set(entry.name, body);
    return (chunk) => {
      at += chunk.copy(body, at);
    };
  };

  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  const source = gzip ? pipeline(file, createGunzip({ chunkSize: READ_CHUNK }), () => undefined) : file;
  try {
    await scanTar(source, visit);
  } catch (error) {
    if (error instanceof EvidentError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new EvidentError('invalid_evidence', `${JSON.stringify(path)}: corrupt gzip data (${code})`, {
        path,
      });
    }
    throw fsError(error, path, 'image archive');
  } finally {
    file.destroy();
  }
  return { files, skipped, notFiles };
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      if (!(await handle.stat()).isFile()) {
        throw new EvidentError('bad_request', `${JSON.stringify(path)} is not a regular file`, { path });
      }
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fsError(error, path, 'image archive');
  }
}
