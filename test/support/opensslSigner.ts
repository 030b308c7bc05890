import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dssePae } from '../../src/core/intoto/dssePae.ts';

/*
 * Keys and DSSE signatures made by the real `openssl` CLI (OpenSSL 3), not by node:crypto, so the
 * verifier is tested against another implementation: `openssl pkeyutl -sign -rawin` for Ed25519
 * (which signs the message itself), `openssl dgst -sha256|-sha384 -sign` for ECDSA (DER signature)
 * and RSA (PKCS#1 v1.5, or PSS with `-sigopt rsa_padding_mode:pss`).
 */

export type OpensslKind = 'ed25519' | 'p256' | 'p384' | 'rsa' | 'rsa-pss';

const GENPKEY: Record<OpensslKind, string[]> = {
  ed25519: ['-algorithm', 'ed25519'],
  p256: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  p384: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-pss': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
};

const SIGN: Record<OpensslKind, (key: string, input: string) => string[]> = {
  ed25519: (key, input) => ['pkeyutl', '-sign', '-rawin', '-inkey', key, '-in', input],
  p256: (key, input) => ['dgst', '-sha256', '-sign', key, input],
  p384: (key, input) => ['dgst', '-sha384', '-sign', key, input],
  rsa: (key, input) => ['dgst', '-sha256', '-sign', key, input],
  'rsa-pss': (key, input) => [
    'dgst',
    '-sha256',
    '-sigopt',
    'rsa_padding_mode:pss',
    '-sigopt',
    'rsa_pss_saltlen:32',
    '-sign',
    key,
    input,
  ],
};

export interface OpensslSigner {
  /** The public key, PEM SubjectPublicKeyInfo (`openssl pkey -pubout`). */
  readonly publicPem: string;
  /** The private key, PEM PKCS#8, for tests that must see it refused. */
  readonly privatePem: string;
  /** A DSSE signature: openssl's signature of PAE(payloadType, payload). */
  sign(payloadType: string, payload: Uint8Array): Uint8Array;
}

export function opensslSigner(kind: OpensslKind): OpensslSigner {
  const dir = mkdtempSync(join(tmpdir(), 'evident-openssl-'));
  try {
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['genpkey', ...GENPKEY[kind], '-out', key]);
    const publicPem = execFileSync('openssl', ['pkey', '-in', key, '-pubout']).toString();
    const privatePem = readFileSync(key, 'utf8');
    return {
      publicPem,
      privatePem,
      sign(payloadType, payload) {
        const work = mkdtempSync(join(tmpdir(), 'evident-openssl-'));
        try {
          writeFileSync(join(work, 'key.pem'), privatePem);
          writeFileSync(join(work, 'pae'), dssePae(payloadType, payload));
          return new Uint8Array(
            execFileSync('openssl', SIGN[kind](join(work, 'key.pem'), join(work, 'pae'))),
          );
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A DSSE envelope (DSSE envelope.md) of an in-toto statement, signed by each signer given. */
export function signedEnvelope(
  statement: Uint8Array,
  signers: readonly OpensslSigner[],
  payloadType = 'application/vnd.in-toto+json',
): { payloadType: string; payload: string; signatures: { keyid: string; sig: string }[] } {
  return {
    payloadType,
    payload: Buffer.from(statement).toString('base64'),
    signatures: signers.map((s) => ({
      keyid: '',
      sig: Buffer.from(s.sign(payloadType, statement)).toString('base64'),
    })),
  };
}
