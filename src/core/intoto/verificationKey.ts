import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { EvidentError, messageOf } from '../errors.ts';
import { certificateIdentity, type CertificateIdentity } from './certificateIdentity.ts';

/*
 * A key that DSSE signatures are checked against: a PEM SubjectPublicKeyInfo (RFC 7468 §13,
 * "PUBLIC KEY") or a PEM X.509 certificate (RFC 7468 §5, "CERTIFICATE"), whose public key is used.
 * It is named by the SHA-256 of its DER SubjectPublicKeyInfo, the same for a key and a certificate
 * of that key. Only public material is accepted: the PEM is recorded in the ledger.
 */

/** Most keys one import may be given. */
export const MAX_VERIFICATION_KEYS = 10;
/** Largest PEM accepted (a Fulcio certificate is about 3.5 KB of PEM; an RSA-8192 key about 1.5 KB). */
export const MAX_KEY_PEM_CHARS = 16_384;
const MIN_RSA_BITS = 2048;
/** The curves ECDSA signatures are checked on, with the hash each is used with (FIPS 186-5 §6.4). */
export const ECDSA_HASHES: ReadonlyMap<string, string> = new Map([
  ['prime256v1', 'sha256'],
  ['secp384r1', 'sha384'],
]);

export interface VerificationKey {
  readonly key: KeyObject;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
  readonly spkiSha256: string;
  /** The key as PEM: the SubjectPublicKeyInfo, or the certificate as given. */
  readonly pem: string;
  /** What the certificate names, when the key came from one. */
  readonly certificate: CertificateIdentity | null;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Why a key cannot verify DSSE signatures here, or undefined when it can. */
function unsupported(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails;
  if (type === 'ed25519') return undefined;
  if (type === 'ec') {
    return ECDSA_HASHES.has(details?.namedCurve ?? '')
      ? undefined
      : `it is an ECDSA key on ${details?.namedCurve ?? 'an unnamed curve'}; P-256 and P-384 are supported`;
  }
  if (type === 'rsa' || type === 'rsa-pss') {
    return (details?.modulusLength ?? 0) >= MIN_RSA_BITS
      ? undefined
      : `it is a ${details?.modulusLength ?? 0}-bit RSA key; at least ${MIN_RSA_BITS} bits are accepted`;
  }
  return `it is a ${type ?? 'unknown'} key; Ed25519, ECDSA P-256/P-384 and RSA are supported`;
}

function fromKey(key: KeyObject, pem: string, certificate: CertificateIdentity | null): VerificationKey {
  const spki = key.export({ type: 'spki', format: 'der' });
  return { key, spkiSha256: createHash('sha256').update(spki).digest('hex'), pem, certificate };
}

/** A key that came from a certificate, so always with its identity. */
export type CertificateKey = VerificationKey & { readonly certificate: CertificateIdentity };

function fromCertificate(certificate: X509Certificate): CertificateKey {
  const identity = certificateIdentity(certificate.raw);
  return { ...fromKey(certificate.publicKey, certificate.toString(), identity), certificate: identity };
}

/** The key of a DER certificate (a Sigstore bundle's); throws `invalid_evidence` if unusable. */
export function certificateKey(der: Uint8Array): CertificateKey {
  let key: CertificateKey;
  try {
    key = fromCertificate(new X509Certificate(der));
  } catch (error) {
    throw new EvidentError('invalid_evidence', `the certificate cannot be read: ${messageOf(error)}`);
  }
  const why = unsupported(key.key);
  if (why !== undefined) throw new EvidentError('invalid_evidence', `the certificate's key: ${why}`);
  return key;
}

/**
 * A key from PEM text: exactly one PUBLIC KEY or CERTIFICATE block. Throws `bad_request` naming
 * `what` and the reason (a private key, several blocks, an unsupported algorithm, …).
 */
export function parseVerificationKey(pem: string, what: string): VerificationKey {
  const refuse = (reason: string): never => {
    throw new EvidentError('bad_request', `${what}: ${reason}`);
  };
  if (pem.length > MAX_KEY_PEM_CHARS) refuse(`longer than ${MAX_KEY_PEM_CHARS} characters`);
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const [block] = blocks;
  if (block === undefined)
    return refuse('no PEM block (-----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----)');
  if (blocks.length > 1) refuse(`${blocks.length} PEM blocks; give one public key or certificate each`);
  const label = block[1] ?? '';
  if (label.includes('PRIVATE')) refuse('a private key; give the public key (openssl pkey -pubout)');
  let key: VerificationKey;
  try {
    if (label === 'PUBLIC KEY') {
      const object = createPublicKey({ key: block[0], format: 'pem', type: 'spki' });
      key = fromKey(object, object.export({ type: 'spki', format: 'pem' }).toString(), null);
    } else if (label === 'CERTIFICATE') {
      key = fromCertificate(new X509Certificate(block[0]));
    } else {
      return refuse(`a PEM "${label}" block; give a PUBLIC KEY (SubjectPublicKeyInfo) or a CERTIFICATE`);
    }
  } catch (error) {
    return refuse(`not a readable ${label.toLowerCase()}: ${messageOf(error)}`);
  }
  const why = unsupported(key.key);
  return why === undefined ? key : refuse(why);
}
