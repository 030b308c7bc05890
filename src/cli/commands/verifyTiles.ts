import { lstatSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { EvidentError } from '../../core/errors.ts';
import { verifierFromVkey } from '../../core/ledger/signedNote.ts';
import { verifyTileLog } from '../../core/tiles/verifyTileLog.ts';
import { EXIT } from '../exitCodes.ts';
import { readInput } from '../inputFile.ts';

type Options = Record<string, unknown>;

/**
 * `evident verify tiles DIR --vkey KEY`: offline, a C2SP tlog-tiles copy of a log (one that `evident
 * export tiles` wrote, or any mirror of it) against nothing but the verifier key: the checkpoint's
 * signature, every entry bundle, every hash tile and the root (core/tiles/verifyTileLog.ts). Exit 5
 * naming each file that does not match, 0 when all do.
 */
export async function verifyTiles(dir: string, options: Options): Promise<number> {
  const vkeys = Array.isArray(options.vkey) ? (options.vkey as string[]) : [];
  if (vkeys.length === 0)
    throw new EvidentError('bad_request', '--vkey is required: the key the log signs with');
  const verifiers = vkeys.map((vkey) =>
    verifierFromVkey(vkey.startsWith('@') ? readFileSync(vkey.slice(1), 'utf8').trim() : vkey),
  );
  const root = resolve(dir);
  /**
   * `path` (in the layout) inside DIR when it is a regular file, undefined when missing; a symbolic
   * link on the way (the file or a folder under DIR) is refused: nothing outside DIR is read.
   */
  const regularFile = (path: string): string | undefined => {
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) return undefined;
    let at = root;
    for (const part of relative(root, file).split(sep)) {
      at = join(at, part);
      const stat = lstatSync(at, { throwIfNoEntry: false });
      if (stat === undefined) return undefined;
      if (stat.isSymbolicLink()) {
        throw new EvidentError(
          'bad_request',
          `${join(dir, relative(root, at))} is a symbolic link: verify tiles reads only regular files and folders inside ${dir}`,
        );
      }
      if (at !== file && !stat.isDirectory()) return undefined;
      if (at === file && !stat.isFile()) return undefined;
    }
    return file;
  };
  const checkpointFile = regularFile('checkpoint');
  if (checkpointFile === undefined) {
    throw new EvidentError('bad_request', `${dir} holds no checkpoint: not a tlog-tiles folder`);
  }
  const note = await readInput(checkpointFile);
  const report = verifyTileLog(note, verifiers, (path) => {
    // Paths come from the layout, never from the folder; still, nothing outside DIR is read.
    const file = regularFile(path);
    return file === undefined ? undefined : new Uint8Array(readFileSync(file));
  });
  const json = options.output === 'json';
  if (report.problems.length > 0) {
    process.stdout.write(
      json
        ? `${JSON.stringify({ verified: false, problems: report.problems })}\n`
        : `VERIFICATION FAILED: ${dir}\n${report.problems.map((p) => `  ${p}\n`).join('')}`,
    );
    return EXIT.verification;
  }
  const checkpoint = report.checkpoint;
  process.stdout.write(
    json
      ? `${JSON.stringify({ verified: true, origin: checkpoint?.origin, size: checkpoint?.size, hashTiles: report.hashTiles })}\n`
      : `OK: ${checkpoint?.origin ?? ''} has ${report.entries} entries in ${dir}; the signed checkpoint, every entry bundle and all ${report.hashTiles} hash tiles agree\n`,
  );
  return EXIT.ok;
}
