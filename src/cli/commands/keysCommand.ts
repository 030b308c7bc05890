import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EvidentError } from '../../core/errors.ts';
import { addKey, loadKeyRing } from '../../storage/keyFiles.ts';

/** The key folder named by --key-dir, or <data-dir>/keys. */
function keyDirOf(options: Record<string, string | undefined>): string {
  return resolve(options.keyDir ?? join(options.dataDir ?? './evident-data', 'keys'));
}

/** `evident keys list`: the verifier keys, oldest first; the last one signs. */
export function listKeys(options: Record<string, string | undefined>): void {
  const ring = loadKeyRing(keyDirOf(options));
  if (ring.vkeys.length === 0)
    throw new EvidentError('bad_request', `no signing keys in ${keyDirOf(options)}`);
  process.stdout.write(ring.vkeys.map((k) => `${k}\n`).join(''));
}

/**
 * `evident keys rotate`: adds a key under the same name (the log origin); servers sign with it after
 * their next start, and keep publishing the old ones so old checkpoints still verify (DESIGN §3).
 */
export function rotateKey(options: Record<string, string | undefined>): void {
  const dir = keyDirOf(options);
  const current = loadKeyRing(dir).vkeys.at(-1);
  if (current === undefined)
    throw new EvidentError('bad_request', `no signing keys in ${dir}; start the server once first`);
  const name = current.split('+')[0] ?? '';
  const ring = addKey(dir, name, randomBytes(32), new Date());
  process.stdout.write(`new signing key (restart the servers to use it): ${ring.vkeys.at(-1) ?? ''}\n`);
}
