import { readFileSync } from 'node:fs';
import { EvidentError, messageOf } from '../core/errors.ts';

/**
 * A file's text, or standard input's for `-`. A file that cannot be read is the user's input being
 * wrong (exit 2), not an unexpected error.
 */
export async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvidentError('bad_request', `cannot read ${file}: ${messageOf(error)}`);
  }
}
