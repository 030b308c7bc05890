// Vectors: RFC 3629 §4 (UTF8-octets ABNF) and the Unicode malformed-sequence cases it implies.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import { invalidUtf8Offset, utf8Chunks } from './utf8Chunks.ts';

describe('utf8Chunks', () => {
  it('finds the first byte that is not UTF-8', () => {
    const cases: readonly [number[], number | undefined][] = [
      [[0x41, 0xc3, 0xb1, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0xa6, 0x86], undefined],
      [[0x41, 0x80], 1], // lone continuation byte
      [[0xc0, 0xaf], 0], // overlong "/"
      [[0xc1, 0xbf], 0],
      [[0xe0, 0x80, 0xaf], 0], // overlong, 3 bytes
      [[0xed, 0xa0, 0x80], 0], // U+D800, a surrogate
      [[0xf0, 0x80, 0x80, 0xaf], 0], // overlong, 4 bytes
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0xf5, 0x80, 0x80, 0x80], 0],
      [[0x41, 0x42, 0xe2, 0x82], 2], // truncated
      [[0xff], 0],
    ];
    for (const [bytes, offset] of cases)
      assert.equal(invalidUtf8Offset(Uint8Array.from(bytes)), offset, String(bytes));
  });

  it('drops a BOM and joins chunks losslessly', () => {
    const text = `${'é'.repeat(700_000)}🦆`;
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    const chunks = [...utf8Chunks(bytes)];
    assert.ok(chunks.length > 1);
    assert.equal(chunks.join(''), text);
  });

  it('refuses UTF-16 and UTF-32', () => {
    for (const bytes of [
      [0xff, 0xfe, 0x3c, 0x00],
      [0xfe, 0xff, 0x00, 0x3c],
      [0x3c, 0x00, 0x3f, 0x00],
      [0x00, 0x00, 0xfe, 0xff],
    ]) {
      assert.throws(
        () => [...utf8Chunks(Uint8Array.from(bytes))],
        (error) => isEvidentError(error, 'invalid_evidence'),
      );
    }
  });
});
