import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let built: string | undefined;

/**
 * The bundle `npm run build` makes, built once per test process into node_modules/.cache (inside the
 * repository, so its external packages resolve) and removed when the process exits.
 */
function builtCli(): string {
  if (built !== undefined) return built;
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'evident-e2e-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), outdir], { cwd: ROOT });
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  built = join(outdir, 'evident.mjs');
  return built;
}

/**
 * Runs the built `evident` CLI as a separate process, as a pipeline would. `input` is written to its
 * stdin, which is then closed; `onStdout` sees the output so far each time more arrives, with a way
 * to signal the process — for commands that run until stopped (`snapshot paths --watch`).
 */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  options: {
    cwd?: string;
    input?: string;
    onStdout?: (stdout: string, kill: (signal: NodeJS.Signals) => void) => void;
  } = {},
): Promise<CliResult> {
  const main = builtCli();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: { ...process.env, ...env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    // A command that never reads stdin may exit before the input is written: EPIPE is no failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout, (signal) => child.kill(signal));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
