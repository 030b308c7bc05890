// The exclusion-glob rules documented in glob.ts (a subset of gitignore(5) "PATTERN FORMAT").
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isEvidentError } from '../core/errors.ts';
import { compileGlob } from './glob.ts';
import { parseIgnoreFile } from './ignoreFile.ts';

const file = (pattern: string, path: string): boolean => compileGlob(pattern).matches(path, false);
const directory = (pattern: string, path: string): boolean => compileGlob(pattern).matches(path, true);
const refused = (pattern: string): void => {
  assert.throws(
    () => compileGlob(pattern),
    (e: unknown) => isEvidentError(e, 'bad_request'),
    pattern,
  );
};

describe('compileGlob', () => {
  it('`*` and `?` stay inside one path component and match dot files', () => {
    assert.ok(file('*.log', 'a.log'));
    assert.ok(file('*.log', '.log'));
    assert.ok(file('src/*.ts', 'src/a.ts'));
    assert.ok(!file('src/*.ts', 'src/deep/a.ts'));
    assert.ok(file('a?c', 'abc'));
    assert.ok(!file('a?c', 'ac'));
    assert.ok(!file('src?a.ts', 'src/a.ts'));
  });

  it('a pattern without "/" matches the last component at any depth; with "/" it is anchored', () => {
    assert.ok(file('*.log', 'deep/down/x.log'));
    assert.ok(file('build', 'build'));
    assert.ok(directory('build', 'pkg/build'));
    assert.ok(!file('/build', 'pkg/build'));
    assert.ok(file('/build', 'build'));
    assert.ok(!file('docs/a.md', 'x/docs/a.md'));
  });

  it('`**` spans any number of directories, zero included', () => {
    assert.ok(file('**/a.txt', 'a.txt'));
    assert.ok(file('**/a.txt', 'x/y/a.txt'));
    assert.ok(file('x/**', 'x/a'));
    assert.ok(file('x/**', 'x/a/b/c'));
    assert.ok(!file('x/**', 'xy/a'));
    assert.ok(file('a/**/b', 'a/b'));
    assert.ok(file('a/**/b', 'a/1/2/b'));
    assert.ok(!file('a/**/b', 'a/1/2/bb'));
    assert.ok(file('**', 'any/thing'));
    // Not a whole segment: `**` is `*`.
    assert.ok(file('a**', 'abc'));
    assert.ok(!file('/a**', 'ab/c'));
  });

  it('character classes, negated classes, ranges, never "/"', () => {
    assert.ok(file('[abc].txt', 'b.txt'));
    assert.ok(!file('[abc].txt', 'd.txt'));
    assert.ok(file('[a-c].txt', 'b.txt'));
    assert.ok(file('[!a-c].txt', 'd.txt'));
    assert.ok(file('[^a-c].txt', 'd.txt'));
    assert.ok(!file('[!a-c].txt', 'a.txt'));
    assert.ok(file('[]]', ']'));
    assert.ok(file('x[-]y', 'x-y'));
    assert.ok(!file('a[/]b', 'a/b'));
    assert.ok(!file('a[!x]b', 'a/b'));
    assert.ok(file('[é😀]', '😀'));
  });

  it('escapes, literal regex characters, unicode', () => {
    assert.ok(file('\\*.txt', '*.txt'));
    assert.ok(!file('\\*.txt', 'a.txt'));
    assert.ok(file('\\!important', '!important'));
    assert.ok(file('a+(b).txt', 'a+(b).txt'));
    assert.ok(!file('a.txt', 'abtxt'));
    assert.ok(file('café ☕.md', 'café ☕.md'));
    assert.ok(file('?', '😀'));
  });

  it('"x/**" is what is inside x, not x itself; "**" between segments may be empty', () => {
    assert.ok(!directory('x/**', 'x'));
    assert.ok(directory('x/**', 'x/y'));
    assert.ok(file('a/**/**/b', 'a/b'));
    assert.ok(file('**/x/**/*.tmp', 'p/x/q/r/s.tmp'));
    assert.ok(!file('**/x/**/*.tmp', 'p/x.tmp'));
  });

  it('takes linear-ish time on patterns that make backtracking regexes explode', () => {
    const started = process.hrtime.bigint();
    const evil = compileGlob('*a*a*a*a*a*a*a*a*a*a*a*b');
    assert.ok(!evil.matches('a'.repeat(255), false));
    const deep = compileGlob('**/**/**/**/**/**/**/z');
    assert.ok(!deep.matches(Array.from({ length: 200 }, () => 'd').join('/'), false));
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 200);
  });

  it('a trailing "/" matches directories only', () => {
    assert.ok(directory('node_modules/', 'node_modules'));
    assert.ok(!file('node_modules/', 'node_modules'));
    assert.ok(directory('out/', 'pkg/out'));
  });

  it('refuses what it cannot honour', () => {
    refused('');
    refused('!keep.txt');
    refused('[abc');
    refused('[z-a]');
    refused('trailing\\');
    refused('/');
    refused('a\nb');
  });
});

describe('parseIgnoreFile', () => {
  it('skips blank lines and comments, trims, takes CRLF and a BOM', () => {
    const globs = parseIgnoreFile('\uFEFF# comment\r\n\r\n  *.log  \r\nbuild/\n\\#hash\n\t\n');
    assert.deepEqual(
      globs.map((g) => g.pattern),
      ['*.log', 'build/', '\\#hash'],
    );
    assert.ok(globs[2]!.matches('#hash', false));
  });

  it('refuses a negation line', () => {
    assert.throws(
      () => parseIgnoreFile('*.log\n!keep.log\n'),
      (e: unknown) => isEvidentError(e, 'bad_request'),
    );
  });
});
