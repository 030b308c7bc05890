import { existsSync } from 'node:fs';
import { EvidentError } from '../core/errors.ts';
import { dirHashH1 } from '../fingerprint/dirHash.ts';
import { fileSha256 } from '../fingerprint/fileDigest.ts';
import { ociImageDigest } from '../fingerprint/ociDigest.ts';
import { registryDigest } from '../fingerprint/registryDigest.ts';
import { progressBar, type Progress } from './progress.ts';

export type FingerprintType = 'file' | 'dir' | 'oci';

/** The SHA-256 fingerprint (hex) of a file, a directory tree (dirhash h1) or an OCI image. */
export async function fingerprintOf(
  path: string,
  type: FingerprintType,
  exclude: readonly string[] = [],
): Promise<string> {
  switch (type) {
    case 'file':
      return fileWithProgress(path);
    case 'dir':
      return (await dirHashH1(path, { exclude: [...exclude] })).sha256;
    case 'oci':
      // A layout or archive on disk, else an image in a registry (host/repository:tag).
      return existsSync(path) ? (await ociImageDigest(path)).sha256 : registryDigest(path);
    default:
      throw new EvidentError('bad_request', `--type must be file, dir or oci, not ${String(type)}`);
  }
}

/** A file's SHA-256, with a progress bar on a terminal when the file is large. */
async function fileWithProgress(path: string): Promise<string> {
  let bar: Progress | undefined;
  try {
    return await fileSha256(path, {
      progress: (done, total) => {
        bar ??= progressBar(`fingerprinting ${path}`, total);
        bar.update(done);
      },
    });
  } finally {
    bar?.finish();
  }
}
