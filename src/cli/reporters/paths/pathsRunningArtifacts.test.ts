// Fingerprints of deployed files and directories, checked against `sha256sum` and against what
// `evident fingerprint` gives CI (fingerprintOf), on real trees in a temp dir.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isEvidentError } from '../../../core/errors.ts';
import { fingerprintOf } from '../../fingerprintOf.ts';
import { pathsRunningArtifacts } from './pathsRunningArtifacts.ts';
import { pathsFromArguments } from './pathsSpec.ts';
import { sha256sum, writeTestFile } from './testFiles.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-paths-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// A deployed host: a jar, a web root with logs and a cache the fingerprint leaves out.
const jar = writeTestFile(join(scratch, 'opt/payments/api.jar'), randomBytes(700 * 1024));
const web = join(scratch, 'var/www/payments');
writeTestFile(join(web, 'index.html'), '<h1>payments</h1>\n');
writeTestFile(join(web, 'static/app.js'), 'console.log("pay");\n');
writeTestFile(join(web, 'access.log'), 'GET / 200\n');
writeTestFile(join(web, 'static/debug.log'), 'debug\n');
writeTestFile(join(web, 'cache/page-1.html'), 'cached');
writeTestFile(join(web, '.evidentignore'), 'tmp/\n');
writeTestFile(join(web, 'tmp/upload.part'), 'partial upload');
const EXCLUDE = ['*.log', 'cache/**'];

describe('pathsRunningArtifacts', () => {
  it('fingerprints a file like sha256sum and a directory like `evident fingerprint --type dir`', async () => {
    const result = await pathsRunningArtifacts([
      { name: 'payments-api', path: jar, exclude: [] },
      { name: 'web', path: web, exclude: EXCLUDE },
    ]);
    assert.deepEqual(result, {
      artifacts: [
        { name: 'payments-api', fingerprint: sha256sum(jar), instances: 1 },
        { name: 'web', fingerprint: await fingerprintOf(web, 'dir', EXCLUDE), instances: 1 },
      ],
      skipped: [],
    });
    assert.equal(result.artifacts[0]?.fingerprint, await fingerprintOf(jar, 'file'));
  });

  it('leaves excluded and ignored files out, and sees every other byte', async () => {
    const spec = [{ name: 'web', path: web, exclude: EXCLUDE }];
    const before = (await pathsRunningArtifacts(spec)).artifacts[0]?.fingerprint;
    writeTestFile(join(web, 'access.log'), 'GET /pay 200\n');
    writeTestFile(join(web, 'cache/page-2.html'), 'more cache');
    writeTestFile(join(web, 'tmp/another.part'), 'ignored through .evidentignore');
    assert.equal((await pathsRunningArtifacts(spec)).artifacts[0]?.fingerprint, before);
    writeTestFile(join(web, 'static/app.js'), 'console.log("paid");\n');
    const after = (await pathsRunningArtifacts(spec)).artifacts[0]?.fingerprint;
    assert.notEqual(after, before);
    // Without the excludes, the logs and cache count.
    const unfiltered = await pathsRunningArtifacts([{ name: 'web', path: web, exclude: [] }]);
    assert.notEqual(unfiltered.artifacts[0]?.fingerprint, after);
    writeTestFile(join(web, 'static/app.js'), 'console.log("pay");\n');
  });

  it('skips a path that is not there, with the reason, and reports the rest', async () => {
    const missing = join(scratch, 'opt/payments/worker.jar');
    const result = await pathsRunningArtifacts([
      { name: 'worker', path: missing, exclude: [] },
      { name: 'under-a-file', path: join(jar, 'inside'), exclude: [] },
      { name: 'payments-api', path: jar, exclude: [] },
    ]);
    assert.deepEqual(result.artifacts, [{ name: 'payments-api', fingerprint: sha256sum(jar), instances: 1 }]);
    assert.deepEqual(
      result.skipped.map((entry) => entry.name),
      ['worker', 'under-a-file'],
    );
    assert.match(result.skipped[0]?.reason ?? '', /worker\.jar does not exist/);
  });

  it('follows a symlink at the path (a `current` release link) but skips a dangling one', async () => {
    const current = join(scratch, 'var/www/current');
    symlinkSync(web, current);
    const dangling = join(scratch, 'var/www/previous');
    symlinkSync(join(scratch, 'var/www/releases/gone'), dangling);
    const result = await pathsRunningArtifacts([
      { name: 'current', path: current, exclude: EXCLUDE },
      { name: 'previous', path: dangling, exclude: [] },
    ]);
    assert.deepEqual(result.artifacts, [
      { name: 'current', fingerprint: await fingerprintOf(web, 'dir', EXCLUDE), instances: 1 },
    ]);
    assert.deepEqual(
      result.skipped.map((entry) => entry.name),
      ['previous'],
    );
  });

  it('names command-line paths after their last component, resolving relative ones', async () => {
    const spec = pathsFromArguments(['opt/payments/api.jar', 'var/www/payments/'], scratch);
    assert.deepEqual(spec, [
      { name: 'api.jar', path: jar, exclude: [] },
      { name: 'payments', path: web, exclude: [] },
    ]);
    const result = await pathsRunningArtifacts(spec);
    assert.deepEqual(
      result.artifacts.map((artifact) => artifact.name),
      ['api.jar', 'payments'],
    );
    assert.throws(
      () => pathsFromArguments([]),
      (error: unknown) => isEvidentError(error, 'bad_request'),
    );
  });

  it('refuses what has no stable content, rather than reporting less', async () => {
    const fifo = join(scratch, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await assert.rejects(
      pathsRunningArtifacts([{ name: 'pipe', path: fifo, exclude: [] }]),
      (error: unknown) => isEvidentError(error, 'bad_request'),
    );
    const withLink = join(scratch, 'with-link');
    writeTestFile(join(withLink, 'a.txt'), 'a');
    symlinkSync('a.txt', join(withLink, 'b.txt'));
    await assert.rejects(
      pathsRunningArtifacts([{ name: 'x', path: withLink, exclude: [] }]),
      (error: unknown) => isEvidentError(error, 'bad_request'),
    );
  });
});
