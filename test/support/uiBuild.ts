import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Vite's JS API, as scripts/build.mjs calls it, in a plain Node process: under the test runner's tsx
 * loader every one of Vite's modules would pass through the loader hooks (about 6 s instead of 1 s).
 */
const BUILD = `
import { build } from 'vite';
const [outDir] = process.argv.slice(1);
await build({
  configFile: 'web/vite.config.ts',
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
});
`;

let built: Promise<string> | undefined;

/**
 * The web UI (web/, Preact) built by Vite from the current sources, as `npm run build` builds it into
 * dist/web: once per test process (each test file runs in its own), into a fresh folder under
 * node_modules/.cache that is removed when the process exits. Answers the folder (index.html, assets/).
 */
export function builtUi(): Promise<string> {
  built ??= (async () => {
    const cache = join(ROOT, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const outDir = mkdtempSync(join(cache, 'evident-ui-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    try {
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', BUILD, outDir], {
        cwd: ROOT,
        timeout: 180_000,
        env: { ...process.env, NODE_OPTIONS: '' },
      });
    } catch (error) {
      // Vite's own report, without Node's stack trace and the list of every file it had read.
      const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
      const report = `${stdout}${stderr}`.split('\n');
      const end = report.findIndex((line) => /^\s+at |watchFiles/.test(line));
      throw new Error(`the web UI does not build (vite):\n${report.slice(0, end < 0 ? 40 : end).join('\n')}`);
    }
    return outDir;
  })();
  return built;
}
