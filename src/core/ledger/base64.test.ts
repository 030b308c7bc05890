// Vectors: RFC 4648 §10 test vectors, plus the canonical-encoding rule of RFC 4648 §3.5.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeBase64Strict, encodeBase64 } from './base64.ts';

const RFC4648: readonly [string, string][] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('base64', () => {
  it('encodes and decodes the RFC 4648 §10 vectors', () => {
    for (const [plain, encoded] of RFC4648) {
      const bytes = new TextEncoder().encode(plain);
      assert.equal(encodeBase64(bytes), encoded);
      assert.deepEqual(decodeBase64Strict(encoded), bytes);
    }
  });

  it('rejects anything but canonical padded standard base64', () => {
    for (const bad of [
      'Zg',
      'Zg=',
      'Zh==',
      'Zm9=',
      'Zm9v\n',
      ' Zm9v',
      'Zm9v====',
      'Zm-v',
      'Zm_v',
      'Z===',
      '=',
    ]) {
      assert.equal(decodeBase64Strict(bad), undefined, bad);
    }
  });
});
