// Digest spellings: Evident's 64 lowercase hex and OCI's `sha256:<hex>` (OCI image-spec
// descriptor.md §Digests).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { normaliseDigest, ociDigestOf, strictOciSha256 } from './digest.ts';

// SHA-256("abc"), FIPS 180-4 example.
const HEX = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('normaliseDigest', () => {
  it('accepts a bare or prefixed SHA-256 in any case and gives lowercase hex', () => {
    for (const spelling of [HEX, `sha256:${HEX}`, `SHA256:${HEX.toUpperCase()}`, `  sha256:${HEX}\n`]) {
      assert.equal(normaliseDigest(spelling), HEX);
    }
    assert.equal(ociDigestOf(HEX.toUpperCase()), `sha256:${HEX}`);
  });

  it('refuses other algorithms, lengths and characters', () => {
    for (const bad of [
      '',
      HEX.slice(1),
      `${HEX}0`,
      `sha512:${HEX}`,
      `sha256-${HEX}`,
      `sha256:${HEX.slice(1)}g`,
    ]) {
      assert.throws(
        () => normaliseDigest(bad),
        (e: unknown) => isEvidentError(e, 'bad_request'),
        bad,
      );
    }
  });
});

describe('strictOciSha256', () => {
  it('takes only the spec grammar: lowercase algorithm and hex', () => {
    assert.equal(strictOciSha256(`sha256:${HEX}`), HEX);
    assert.equal(strictOciSha256(HEX), undefined);
    assert.equal(strictOciSha256(`sha256:${HEX.toUpperCase()}`), undefined);
    assert.equal(strictOciSha256(`SHA256:${HEX}`), undefined);
    assert.equal(strictOciSha256(42), undefined);
  });
});
