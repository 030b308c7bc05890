import { basename, resolve } from 'node:path';
import { EvidentError } from '../../../core/errors.ts';

/** One file or directory to report: the artifact name, where it is, and (for a directory) what to leave out. */
export interface PathArtifactSpec {
  readonly name: string;
  /** Absolute. */
  readonly path: string;
  /**
   * Exclusion globs for a directory, as `evident fingerprint --type dir --exclude` takes them
   * (fingerprint/glob.ts); `.evidentignore` at the directory's root applies too. Unused for a file.
   */
  readonly exclude: readonly string[];
}

/** What `evident snapshot paths` reports: from paths on the command line or a paths file. */
export type PathsSpec = readonly PathArtifactSpec[];

/**
 * The spec for paths given on the command line: each named after its last component
 * (`/opt/payments/api.jar` is `api.jar`), relative paths resolved against `cwd`.
 */
export function pathsFromArguments(
  paths: readonly string[],
  cwd: string = process.cwd(),
): PathArtifactSpec[] {
  if (paths.length === 0)
    throw new EvidentError('bad_request', 'name at least one file or directory to report');
  return paths.map((path) => {
    if (path === '' || path.includes('\0')) {
      throw new EvidentError('bad_request', `${JSON.stringify(path)} is not a path`);
    }
    const absolute = resolve(cwd, path);
    return { name: basename(absolute) || absolute, path: absolute, exclude: [] };
  });
}
