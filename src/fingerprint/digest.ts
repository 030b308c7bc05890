import { EvidentError } from '../core/errors.ts';
import { normaliseSha256 } from '../core/model/trail.ts';

/**
 * Digest spellings (DESIGN §1: artifacts are SHA-256 fingerprints).
 *
 * Evident's own form of a fingerprint is 64 lowercase hex digits. OCI writes the same value as
 * `sha256:<hex>` (OCI image-spec v1.1 descriptor.md §Digests: `algorithm ":" encoded`, and for
 * sha256 the encoded part MUST match `/[a-f0-9]{64}/`). Users paste either, in any case.
 */

/**
 * A SHA-256 given by a user or a tool, with or without a `sha256:` prefix, in any case, as 64
 * lowercase hex digits. Anything else (other algorithms, wrong length) is refused.
 */
export function normaliseDigest(value: string): string {
  const hex = normaliseSha256(value.trim());
  if (hex === undefined) {
    throw new EvidentError('bad_request', 'a digest must be a SHA-256: 64 hex digits, "sha256:" allowed', {
      value: value.slice(0, 100),
    });
  }
  return hex;
}

/** The OCI spelling of a SHA-256: `sha256:<64 lowercase hex>`. */
export function ociDigestOf(value: string): string {
  return `sha256:${normaliseDigest(value)}`;
}

/**
 * The hex of a digest read from an OCI document, held to the spec's grammar exactly
 * (descriptor.md §Digests: lowercase algorithm and lowercase hex). Undefined when it is not a
 * well-formed sha256 digest, so the caller can say what is wrong with which file.
 */
export function strictOciSha256(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^sha256:([a-f0-9]{64})$/.exec(value);
  return match?.[1];
}
