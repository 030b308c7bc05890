import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { clipText, firstLine } from './clipText.ts';

describe('clipText', () => {
  it('makes one bounded line', () => {
    assert.equal(clipText('  a\r\n\tb\u0000c\u0085d  ', 100), 'a b c d');
    assert.equal(clipText('abcdef', 4), 'abc…');
    assert.equal(clipText('abcd', 4), 'abcd');
    assert.equal(clipText('ab🦆', 4), 'ab🦆');
    assert.equal(clipText('a🦆bc', 3), 'a…');
    assert.equal(clipText(`a${' '.repeat(10_000)}`, 4), 'a…');
  });

  it('finds the first non-blank line', () => {
    assert.equal(firstLine('\n  \r\n  Error: x\nat y', 100), '  Error: x');
    assert.equal(firstLine('   ', 100), '');
  });
});
