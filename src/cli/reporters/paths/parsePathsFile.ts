import { isAbsolute, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { EvidentError, messageOf } from '../../../core/errors.ts';
import { compileGlob } from '../../../fingerprint/glob.ts';
import type { PathArtifactSpec } from './pathsSpec.ts';

/** Bounded input (DESIGN §7): a paths file lists a few artifacts, not a data set. */
export const MAX_PATHS_FILE_LENGTH = 256 * 1024;
const MAX_ARTIFACTS = 1000;
const MAX_NAME_LENGTH = 200;
const ARTIFACT_KEYS = ['path', 'exclude'] as const;

/**
 * Reads a paths file (`evident snapshot paths ENV --file paths.yaml`):
 *
 * ```yaml
 * version: 1
 * artifacts:
 *   payments-api:
 *     path: /opt/payments/api.jar
 *   web:
 *     path: /var/www/payments          # a directory: Go dirhash h1
 *     exclude: ["*.log", "cache/**"]
 * ```
 *
 * YAML 1.2 core schema, one document, each key once, no aliases. Validation is strict — an unknown
 * key is a typo that would otherwise silently change what is reported — and each error names the
 * line and the key. Relative paths resolve against `baseDir`, the file's folder, so the file means
 * the same wherever the command runs.
 */
export function parsePathsFile(text: string, baseDir: string): PathArtifactSpec[] {
  if (text.length > MAX_PATHS_FILE_LENGTH) bad(`it is longer than ${MAX_PATHS_FILE_LENGTH} characters`);
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    schema: 'core',
    // Duplicates are found below, where the line of the second one is known (yaml reports the map's).
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
  });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    bad(`line ${syntax.linePos?.[0].line ?? 1}: ${syntax.message.split('\n')[0] ?? 'not valid YAML'}`);
  }
  const at = (node: Node | null, where: string): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? where : `line ${lines.linePos(offset).line}: ${where}`;
  };
  if (document.contents === null) bad('it is empty; it needs "version: 1" and "artifacts"');
  const top = mapping(document.contents, 'the paths file', ['version', 'artifacts'], at);
  const version = top.get('version');
  if (version === undefined) bad('"version: 1" is missing');
  if (!isScalar(version.value) || version.value.value !== 1) {
    bad(`${at(version.value ?? version.key, 'version')} must be 1`);
  }
  const artifactsEntry = top.get('artifacts');
  if (artifactsEntry === undefined) bad('"artifacts" is missing: list the files and directories to report');
  const artifacts = mapping(artifactsEntry.value, 'artifacts', undefined, at, artifactsEntry.key);
  if (artifacts.size === 0) bad(`${at(artifactsEntry.key, 'artifacts')} names no artifact`);
  if (artifacts.size > MAX_ARTIFACTS) bad(`artifacts lists more than ${MAX_ARTIFACTS} artifacts`);

  return [...artifacts].map(([name, { key, value }]) => {
    const where = `artifacts.${name}`;
    // Control characters would make the name unreadable in reports, and YAML allows them in keys.
    // eslint-disable-next-line no-control-regex
    if (name.trim() === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
      bad(`${at(key, where)}: an artifact name is 1 to ${MAX_NAME_LENGTH} printable characters`);
    }
    const fields = mapping(value, where, ARTIFACT_KEYS, at, key);
    const path = fields.get('path');
    if (path === undefined) bad(`${at(value ?? key, where)}: "path" is missing`);
    return {
      name,
      path: resolvePath(
        stringValue(path.value, `${where}.path`, at),
        baseDir,
        at(path.value, `${where}.path`),
      ),
      exclude: excludes(fields.get('exclude')?.value ?? null, `${where}.exclude`, at),
    };
  });
}

type At = (node: Node | null, where: string) => string;
interface Entry {
  readonly key: Node;
  readonly value: Node | null;
}

function bad(message: string): never {
  throw new EvidentError('bad_request', `paths file: ${message}`);
}

/** A mapping's entries by key, refusing keys not in `allowed` (when given), non-string keys and aliases. */
function mapping(
  node: unknown,
  where: string,
  allowed: readonly string[] | undefined,
  at: At,
  owner: Node | null = null,
): Map<string, Entry> {
  if (isAlias(node)) bad(`${at(node, where)}: aliases are not supported`);
  if (!isMap(node)) bad(`${at(isScalar(node) || isSeq(node) ? node : owner, where)} must be a mapping`);
  const entries = new Map<string, Entry>();
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || typeof key.value !== 'string') bad(`${at(key, where)}: every key must be a string`);
    const name = key.value;
    if (allowed !== undefined && !allowed.includes(name)) {
      bad(`${at(key, where)}: unknown key "${name}"; allowed: ${allowed.join(', ')}`);
    }
    if (entries.has(name)) bad(`${at(key, where)}: key "${name}" appears twice`);
    entries.set(name, { key, value: (pair.value as Node | null) ?? null });
  }
  return entries;
}

function stringValue(node: Node | null, where: string, at: At): string {
  if (!isScalar(node) || typeof node.value !== 'string') bad(`${at(node, where)} must be a string`);
  return node.value;
}

function resolvePath(path: string, baseDir: string, where: string): string {
  if (path === '' || path.includes('\0')) bad(`${where} must be a path`);
  if (path === '~' || path.startsWith('~/')) bad(`${where}: "~" is not expanded; write the full path`);
  return isAbsolute(path) ? resolve(path) : resolve(baseDir, path);
}

/** A list of exclusion globs, each compiled now so that a bad one is refused with its line. */
function excludes(node: Node | null, where: string, at: At): string[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) bad(`${at(node, where)} must be a list of globs`);
  return node.items.map((item, i) => {
    const glob = stringValue(item as Node | null, `${where}[${i}]`, at);
    try {
      compileGlob(glob);
    } catch (error) {
      bad(`${at(item as Node, `${where}[${i}]`)}: ${messageOf(error)}`);
    }
    return glob;
  });
}
