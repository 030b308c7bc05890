import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidentError } from '../core/errors.ts';
import { fsError } from './fsErrors.ts';
import { compileGlob, type Glob } from './glob.ts';

/**
 * `.evidentignore`: exclusion globs kept with a directory artifact, at its root.
 *
 * Format (a subset of gitignore(5), see glob.ts for the pattern rules): UTF-8 text, one glob per
 * line; LF or CRLF line ends; a UTF-8 BOM is ignored; leading and trailing spaces and tabs are
 * trimmed; blank lines and lines starting with '#' are skipped (`\#` for a literal '#').
 *
 * The file itself stays in the fingerprint unless a pattern excludes it, so the fingerprint covers
 * the rules that shaped it.
 */
export const IGNORE_FILE_NAME = '.evidentignore';

/** Bounded input (DESIGN §7): an ignore file is a handful of lines, not a data set. */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

export function parseIgnoreFile(text: string): Glob[] {
  const globs: Glob[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (const raw of body.split('\n')) {
    const line = raw.replace(/^[ \t]+|[ \t\r]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    globs.push(compileGlob(line));
  }
  return globs;
}

/** The globs of `<root>/.evidentignore`, or none when there is no such file. */
export async function readIgnoreFile(root: string): Promise<Glob[]> {
  const path = join(root, IGNORE_FILE_NAME);
  let size: number;
  try {
    const stats = await lstat(path);
    if (!stats.isFile()) {
      throw new EvidentError('bad_request', `${IGNORE_FILE_NAME} must be a regular file`, { path });
    }
    size = stats.size;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw fsError(error, path, IGNORE_FILE_NAME);
  }
  if (size > MAX_IGNORE_FILE_BYTES) {
    throw new EvidentError(
      'bad_request',
      `${IGNORE_FILE_NAME} is larger than ${MAX_IGNORE_FILE_BYTES} bytes`,
      {
        path,
      },
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fsError(error, path, IGNORE_FILE_NAME);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EvidentError('bad_request', `${IGNORE_FILE_NAME} is not UTF-8 text`, { path });
  }
  return parseIgnoreFile(text);
}
