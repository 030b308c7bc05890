import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvidentError } from '../core/errors.ts';
import { generateSignerKey, vkeyFromSkey } from '../core/ledger/signedNote.ts';

/**
 * Signing keys as files outside the database (DESIGN §3 "Checkpoints"): one C2SP signed-note
 * private key a file, `<dir>/<UTC time>.key`, mode 0600. The newest signs; older ones stay listed
 * as verifier keys so old checkpoints keep verifying after a rotation.
 */
export interface KeyRing {
  /** Private keys (skey format), oldest first; the last one signs. */
  readonly skeys: readonly string[];
  /** Verifier keys (vkey format) of every key, oldest first. */
  readonly vkeys: readonly string[];
}

export function loadKeyRing(dir: string): KeyRing {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.key'))
      .sort();
  } catch {
    files = [];
  }
  const skeys = files.map((f) => readFileSync(join(dir, f), 'utf8').trim());
  return { skeys, vkeys: skeys.map(vkeyFromSkey) };
}

/** Adds a new key named `name` (the server origin); it signs from now on. */
export function addKey(dir: string, name: string, seed: Uint8Array, now: Date): KeyRing {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { skey } = generateSignerKey(name, seed);
  const file = join(dir, `${now.toISOString().replace(/[:.]/g, '-')}.key`);
  writeFileSync(file, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  return loadKeyRing(dir);
}

/** The key ring for `name`, creating its first key when the folder holds none. */
export function ensureKeyRing(dir: string, name: string, seed: () => Uint8Array, now: Date): KeyRing {
  const ring = loadKeyRing(dir);
  if (ring.skeys.length === 0) return addKey(dir, name, seed(), now);
  const foreign = ring.vkeys.find((vkey) => !vkey.startsWith(`${name}+`));
  if (foreign !== undefined) {
    throw new EvidentError(
      'invalid_key',
      `key folder ${dir} holds a key for "${foreign.split('+')[0] ?? ''}", but this server's origin is "${name}"`,
    );
  }
  return ring;
}
