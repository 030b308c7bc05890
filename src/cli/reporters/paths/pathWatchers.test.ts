import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileGlob } from '../../../fingerprint/glob.ts';
import { isExcludedChange } from './pathWatchers.ts';

describe('isExcludedChange', () => {
  const globs = ['*.log', 'cache/**', 'tmp/', '/build'].map(compileGlob);

  it('ignores changes the directory fingerprint leaves out', () => {
    for (const path of [
      'server.log',
      'static/debug.log',
      'cache/page.html',
      'cache/a/b.html',
      'tmp/x.part',
      'build/out.js',
    ]) {
      assert.equal(isExcludedChange(globs, path), true, path);
    }
  });

  it('keeps every other change, including to the ignore file itself', () => {
    for (const path of ['index.html', 'static/app.js', 'cache', 'lib/build/x.js', '.evidentignore', 'log']) {
      assert.equal(isExcludedChange(globs, path), false, path);
    }
  });
});
