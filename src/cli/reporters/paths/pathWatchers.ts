import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { anyGlobMatches, compileGlob, type Glob } from '../../../fingerprint/glob.ts';
import { readIgnoreFile } from '../../../fingerprint/ignoreFile.ts';
import type { PathArtifactSpec, PathsSpec } from './pathsSpec.ts';

/**
 * File-system event sources (fs.watch, inotify on Linux) for the paths of a spec. Per artifact:
 *
 * - its directory, when it is one, watched recursively. Node has `recursive` on Linux since 19.1
 *   (nodejs/node#45098); Node 20's implementation walks the tree synchronously and watches every
 *   entry (lib/internal/fs/recursive_watch.js), so a new subdirectory is followed too. Changes
 *   to excluded files (`exclude`, `.evidentignore`) are ignored: a log being written in an
 *   excluded folder should not re-hash the tree on every line.
 * - the folder that holds it, not recursively, for that one name: a deploy that replaces the file
 *   or directory (rename over it, a symlink swap like Capistrano's `current`) leaves a watch on the
 *   old inode deaf, and a path that is not there yet has nothing to watch. A missing path is
 *   watched through its nearest existing ancestor.
 *
 * `layout` says what was watched; when `watchLayout` gives another (the path appeared, went,
 * or is another inode now) the watchers are stale and must be opened again.
 */
export interface PathWatchers {
  readonly layout: string;
  close(): void;
}

interface Target {
  readonly directory: string;
  readonly recursive: boolean;
  /** Does an event for this file name (relative to `directory`) matter? */
  readonly matters: (filename: string) => boolean;
}

export async function watchLayout(spec: PathsSpec): Promise<string> {
  return (await targetsOf(spec)).layout;
}

/**
 * Opens the watchers. `onEvent` is called for each event that matters (debounce it); `onFailure`
 * when watching cannot go on (inotify limits, an unsupported file system): poll instead.
 */
export async function openPathWatchers(
  spec: PathsSpec,
  onEvent: () => void,
  onFailure: (error: unknown) => void,
): Promise<PathWatchers> {
  const { targets, layout } = await targetsOf(spec);
  const watchers: FSWatcher[] = [];
  const close = (): void => {
    for (const watcher of watchers) watcher.close();
    watchers.length = 0;
  };
  // A directory removed while being watched or walked: the layout is changing, look again.
  const failed = (error: unknown): void => {
    if ((error as { code?: unknown } | null)?.code === 'ENOENT') onEvent();
    else onFailure(error);
  };
  for (const target of targets) {
    try {
      const watcher = watch(target.directory, { recursive: target.recursive }, (_event, filename) => {
        if (filename === null || target.matters(filename)) onEvent();
      });
      watcher.on('error', failed);
      watchers.push(watcher);
    } catch (error) {
      failed(error);
      if ((error as { code?: unknown } | null)?.code !== 'ENOENT') {
        close();
        break;
      }
    }
  }
  return { layout, close };
}

/**
 * Is a change to `path` (relative to an artifact directory) one the fingerprint ignores? It is
 * when an enclosing directory or the file itself is excluded (glob.ts rules: a matched directory
 * is excluded whole).
 */
export function isExcludedChange(globs: readonly Glob[], path: string): boolean {
  const parts = path.split(sep);
  for (let depth = 1; depth < parts.length; depth++) {
    if (anyGlobMatches(globs, parts.slice(0, depth).join('/'), true)) return true;
  }
  return anyGlobMatches(globs, parts.join('/'), false);
}

async function targetsOf(spec: PathsSpec): Promise<{ targets: Target[]; layout: string }> {
  const targets: Target[] = [];
  const layout: string[] = [];
  for (const entry of spec) {
    const here = await identity(entry.path);
    layout.push(`${entry.path}\u0000${here?.id ?? 'missing'}`);
    if (here?.directory === true) {
      const globs = await exclusions(entry);
      layout.push(globs.map((glob) => glob.pattern).join('\u0000'));
      targets.push({
        directory: entry.path,
        recursive: true,
        matters: (name) => !isExcludedChange(globs, name),
      });
    }
    const holder = await nearestExistingAncestor(entry.path);
    if (holder !== undefined) {
      const [name] = relative(holder.path, entry.path).split(sep);
      layout.push(`${holder.path}\u0000${holder.id}`);
      targets.push({ directory: holder.path, recursive: false, matters: (filename) => filename === name });
    }
  }
  return { targets, layout: layout.join('\n') };
}

/** The artifact's exclusion globs; a broken `.evidentignore` is the fingerprint's error to report. */
async function exclusions(entry: PathArtifactSpec): Promise<Glob[]> {
  const globs = entry.exclude.map(compileGlob);
  try {
    globs.push(...(await readIgnoreFile(entry.path)));
  } catch {
    // Then every change matters, which is safe.
  }
  return globs;
}

/** What is at `path` now (following a symlink, as the fingerprint does), or undefined. */
async function identity(path: string): Promise<{ id: string; directory: boolean } | undefined> {
  try {
    const stats = await stat(path);
    return {
      id: `${stats.dev}:${stats.ino}:${stats.isDirectory() ? 'dir' : 'file'}`,
      directory: stats.isDirectory(),
    };
  } catch {
    return undefined;
  }
}

async function nearestExistingAncestor(path: string): Promise<{ path: string; id: string } | undefined> {
  for (let folder = dirname(path); ; folder = dirname(folder)) {
    const found = await identity(folder);
    if (found?.directory === true) return { path: folder, id: found.id };
    if (dirname(folder) === folder) return undefined;
  }
}
