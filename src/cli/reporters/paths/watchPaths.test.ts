// The paths watcher on real trees, with fs.watch and with polling. Deterministic without sleeps:
// each test waits for the onChange it expects (with a deadline), and proves that a change that
// should not be reported was not by making a real change after it — onChange calls come in the
// order the scans ran, so a spurious one would arrive first.
import { strict as assert } from 'node:assert';
import { mkdtempSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReporterResult } from '../reporterResult.ts';
import type { PathsSpec } from './pathsSpec.ts';
import { sha256sum, writeTestFile } from './testFiles.ts';
import { watchPaths, type WatchPathsOptions } from './watchPaths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'evident-watch-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let trees = 0;

/** A running watch: its onChange results, and a way to wait for the next one. */
function startWatch(spec: PathsSpec, options: Omit<WatchPathsOptions, 'signal'>) {
  const results: ReporterResult[] = [];
  const waiting: ((result: ReporterResult) => void)[] = [];
  const controller = new AbortController();
  const errors: unknown[] = [];
  const done = watchPaths(
    spec,
    (result) => {
      results.push(result);
      waiting.shift()?.(result);
    },
    { ...options, signal: controller.signal, onError: (error) => errors.push(error) },
  );
  return {
    results,
    errors,
    done,
    /** The `n`th result (1-based), when it comes; fails after 5 s rather than hanging. */
    async result(n: number): Promise<ReporterResult> {
      const deadline = sleep(5000, undefined, { ref: false }).then(() => {
        throw new Error(`no onChange #${n} within 5 s (got ${results.length})`);
      });
      while (results.length < n) {
        await Promise.race([new Promise<ReporterResult>((resolve) => waiting.push(resolve)), deadline]);
      }
      return results[n - 1]!;
    },
    stop: async (): Promise<void> => {
      controller.abort();
      await done;
    },
  };
}

const fingerprints = (result: ReporterResult): Record<string, string> =>
  Object.fromEntries(result.artifacts.map((artifact) => [artifact.name, artifact.fingerprint]));

for (const mode of ['fs.watch', 'polling'] as const) {
  // With fs.watch the polling period is far longer than any test: only events can explain a call.
  const options =
    mode === 'polling' ? { intervalMs: 10, poll: true } : { intervalMs: 60_000, debounceMs: 10 };

  describe(`watchPaths (${mode})`, () => {
    it('reports at once, then a changed file with its new fingerprint, and not a touch', async () => {
      const root = join(scratch, `t${trees++}`);
      const jar = join(root, 'opt/api.jar');
      const web = join(root, 'www');
      writeTestFile(jar, 'version 1');
      writeTestFile(join(web, 'index.html'), '<h1>v1</h1>');
      writeTestFile(join(web, 'assets/app.js'), 'v1');
      const watch = startWatch(
        [
          { name: 'api', path: jar, exclude: [] },
          { name: 'web', path: web, exclude: ['*.log'] },
        ],
        options,
      );
      try {
        const first = await watch.result(1);
        assert.equal(fingerprints(first).api, sha256sum(jar));

        writeTestFile(jar, 'version 2');
        assert.deepEqual(fingerprints(await watch.result(2)).api, sha256sum(jar));

        // Same bytes, new times; and a log the directory's fingerprint excludes.
        utimesSync(jar, new Date(), new Date(Date.now() + 5000));
        writeTestFile(jar, 'version 2');
        writeTestFile(join(web, 'server.log'), 'GET / 200');
        // Let those be looked at on their own (not required: the ordering argument holds anyway).
        await sleep(50);
        // A real change deep in the directory, the next thing reported.
        writeTestFile(join(web, 'assets/app.js'), 'v2');
        const third = await watch.result(3);
        assert.equal(fingerprints(third).api, sha256sum(jar));
        assert.notEqual(fingerprints(third).web, fingerprints(first).web);
        assert.equal(watch.results.length, 3);
        assert.deepEqual(watch.errors, []);
      } finally {
        await watch.stop();
      }
    });

    it('sees a path appear, a directory replaced by rename, and a path removed', async () => {
      const root = join(scratch, `t${trees++}`);
      const release = join(root, 'srv/app');
      const watch = startWatch([{ name: 'app', path: release, exclude: [] }], options);
      try {
        const first = await watch.result(1);
        assert.deepEqual(first.artifacts, []);
        assert.deepEqual(
          first.skipped.map((entry) => entry.name),
          ['app'],
        );

        // Deploy 1: the folder (and its parent) appear.
        writeTestFile(join(release, 'main.js'), 'release 1');
        const deployed = fingerprints(await watch.result(2)).app;
        assert.ok(deployed !== undefined);

        // Deploy 2: a new tree renamed over the old one (the old inode's watch is deaf now).
        const staging = join(root, 'srv/.app-new');
        writeTestFile(join(staging, 'main.js'), 'release 2');
        rmSync(release, { recursive: true });
        renameSync(staging, release);
        const redeployed = fingerprints(await watch.result(3)).app;
        assert.ok(redeployed !== undefined && redeployed !== deployed);

        // And a change inside the new tree is seen too.
        writeTestFile(join(release, 'main.js'), 'release 2.1');
        const patched = fingerprints(await watch.result(4)).app;
        assert.ok(patched !== undefined && patched !== redeployed);

        rmSync(release, { recursive: true });
        assert.deepEqual((await watch.result(5)).artifacts, []);
      } finally {
        await watch.stop();
      }
    });

    it('stops on abort: resolves, and calls onChange no more', async () => {
      const root = join(scratch, `t${trees++}`);
      const file = join(root, 'app.bin');
      writeTestFile(file, 'one');
      const watch = startWatch([{ name: 'app', path: file, exclude: [] }], options);
      await watch.result(1);
      await watch.stop();
      writeTestFile(file, 'two');
      // Several polling periods and debounce delays: nothing is left to call back.
      await sleep(100);
      assert.equal(watch.results.length, 1);
    });
  });
}

describe('watchPaths', () => {
  it('does nothing when already aborted', async () => {
    let calls = 0;
    await watchPaths(
      [{ name: 'x', path: join(scratch, 'x'), exclude: [] }],
      () => {
        calls++;
      },
      { intervalMs: 10, signal: AbortSignal.abort() },
    );
    assert.equal(calls, 0);
  });

  it('offers the same set again after onChange failed, and rejects without onError', async () => {
    const file = join(scratch, `t${trees++}`, 'app.bin');
    writeTestFile(file, 'one');
    const controller = new AbortController();
    const seen: string[] = [];
    const errors: unknown[] = [];
    await watchPaths(
      [{ name: 'app', path: file, exclude: [] }],
      (result) => {
        seen.push(fingerprints(result).app ?? '');
        if (seen.length === 1) throw new Error('server unreachable');
        controller.abort();
      },
      { intervalMs: 5, poll: true, signal: controller.signal, onError: (error) => errors.push(error) },
    );
    assert.deepEqual(seen, [sha256sum(file), sha256sum(file)]);
    assert.equal(errors.length, 1);

    await assert.rejects(
      watchPaths(
        [{ name: 'app', path: file, exclude: [] }],
        () => {
          throw new Error('server unreachable');
        },
        { intervalMs: 5, poll: true, signal: new AbortController().signal },
      ),
      /server unreachable/,
    );
  });
});
