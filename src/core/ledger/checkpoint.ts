import { EvidentError } from '../errors.ts';
import { decodeBase64Strict, encodeBase64 } from './base64.ts';
import { HASH_SIZE } from './merkleHash.ts';
import { hasControlCharacter, isWellFormed } from './textChecks.ts';

/*
 * C2SP tlog-checkpoint note text (https://c2sp.org/tlog-checkpoint, "Note text"):
 *   <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n]*
 * Sizes are JS numbers, so trees beyond 2^53 − 1 leaves are rejected.
 */

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

function fail(message: string): never {
  throw new EvidentError('invalid_checkpoint', message);
}

/** A line is non-empty, has no newline nor other control character (signed-note "Format"), valid Unicode. */
function checkLine(what: string, line: string): void {
  if (line === '') fail(`${what} must be non-empty`);
  if (hasControlCharacter(line, false) || !isWellFormed(line)) {
    fail(`${what} contains a control character or invalid Unicode`);
  }
}

/** Formats the checkpoint note text (each line ends in "\n"). Throws `invalid_checkpoint`. */
export function formatCheckpoint(checkpoint: {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: readonly string[];
}): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  checkLine('origin', origin);
  if (!Number.isSafeInteger(size) || size < 0)
    fail(`tree size must be a non-negative safe integer, got ${size}`);
  if (rootHash.length !== HASH_SIZE) fail(`root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
  extensions.forEach((line, i) => {
    checkLine(`extension line ${i + 1}`, line);
  });
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((line) => line + '\n').join('');
}

/**
 * Parses a checkpoint note text strictly: at least three non-empty lines each ending in "\n", size
 * in decimal without leading zeros (except "0"), root hash the base64 of exactly 32 bytes, and
 * non-empty extension lines. Throws `invalid_checkpoint`.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) fail('checkpoint text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    fail('checkpoint needs origin, size and root hash lines');
  }
  checkLine('origin', origin);
  extensions.forEach((line, i) => {
    checkLine(`extension line ${i + 1}`, line);
  });
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) fail('tree size must be decimal without leading zeros');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) fail('tree size is too large');
  const rootHash = decodeBase64Strict(rootLine);
  if (rootHash?.length !== HASH_SIZE) fail(`root hash must be the base64 of ${HASH_SIZE} bytes`);
  return { origin, size, rootHash, extensions };
}
