import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsafeRegexReason } from './regexSafety.ts';

describe('unsafeRegexReason', () => {
  it('accepts ordinary patterns', () => {
    for (const pattern of [
      '^[A-Z][A-Z0-9_]+-[0-9]+$',
      '^v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$',
      '^(\\d+\\.){2}\\d+$',
      '^(?:ab)+$',
      '[(a+)+]',
      '^\\(a+\\)+$',
      '^(?<major>\\d+)$',
      '\\p{L}+',
      'a{2,5}b*',
    ]) {
      assert.equal(unsafeRegexReason(pattern), undefined, pattern);
    }
  });

  it('refuses nested quantifiers, repeated alternations and backreferences', () => {
    for (const pattern of [
      '(a+)+$',
      '^(a*)*b',
      '(a|a)*',
      '^(\\w+\\s?)*$',
      '((ab)*c)+',
      '(?:x+y?){2,}',
      '(a?){100}',
      '(a)\\1',
      '(?<x>a)\\k<x>',
    ]) {
      assert.notEqual(unsafeRegexReason(pattern), undefined, pattern);
    }
  });
});
