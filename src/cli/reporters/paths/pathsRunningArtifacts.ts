import { stat } from 'node:fs/promises';
import { isEvidentError } from '../../../core/errors.ts';
import { dirHashH1 } from '../../../fingerprint/dirHash.ts';
import { fileSha256 } from '../../../fingerprint/fileDigest.ts';
import { fsError } from '../../../fingerprint/fsErrors.ts';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';
import type { PathArtifactSpec, PathsSpec } from './pathsSpec.ts';

/**
 * What is deployed at the given paths: a regular file is its SHA-256 (`sha256sum`), a directory
 * its Go dirhash h1 with the spec's excludes and `.evidentignore` — the same fingerprints
 * `evident fingerprint --type file|dir` gives CI, so the server finds their provenance. One
 * instance each. A path that is not there is skipped (an artifact that is not deployed is not
 * running); anything else that cannot be read (permissions, a symlink inside a directory, a
 * FIFO) is an error, not a silently shorter list.
 */
export async function pathsRunningArtifacts(spec: PathsSpec): Promise<ReporterResult> {
  const artifacts: RunningArtifact[] = [];
  const skipped: { name: string; reason: string }[] = [];
  // One at a time: each fingerprint already keeps the disk busy (dirHash reads files in parallel).
  for (const entry of spec) {
    const fingerprint = await fingerprintOfPath(entry);
    if (fingerprint === undefined) skipped.push({ name: entry.name, reason: `${entry.path} does not exist` });
    else artifacts.push({ name: entry.name, fingerprint, instances: 1 });
  }
  return { artifacts: mergeRunning(artifacts), skipped };
}

/** The path's fingerprint, or undefined when nothing is there. Symlinks to it are followed, as CI's would be. */
async function fingerprintOfPath(entry: PathArtifactSpec): Promise<string | undefined> {
  try {
    const stats = await stat(entry.path);
    if (stats.isDirectory()) return (await dirHashH1(entry.path, { exclude: entry.exclude })).sha256;
    // fileSha256 refuses what is not a regular file (a FIFO would block, a device has no content).
    return await fileSha256(entry.path);
  } catch (error) {
    // Gone, or removed between stat and read (a deploy replacing it): not there. A file missing
    // inside a directory that is still there is a tree changing under us, and is reported.
    if (isMissing(error) && !(await exists(entry.path))) return undefined;
    throw fsError(error, entry.path, 'artifact');
  }
}

function isMissing(error: unknown): boolean {
  if (isEvidentError(error)) return error.code === 'not_found';
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw fsError(error, path, 'artifact');
  }
}
