import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914), parameters per OWASP's password storage guidance
 * (N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds a hash). Stored as
 * `scrypt$N$r$p$<salt b64>$<hash b64>` so the cost can rise later without breaking old hashes.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Uint8Array, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 128 * 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

export async function hashPassword(password: string, salt: Uint8Array): Promise<string> {
  const key = await derive(password, salt, PARAMS);
  const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, encode(salt), encode(key)].join('$');
}

/** Constant-time check of a password against a stored hash; false for anything malformed. */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
