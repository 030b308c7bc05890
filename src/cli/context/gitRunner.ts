import { spawnSync } from 'node:child_process';

/** What one `git` invocation returned. `error` is set when git could not be started at all. */
export interface GitResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** Runs `git` with `args` in `cwd`. Injected so tests and callers can substitute it. */
export type GitRunner = (args: readonly string[], cwd: string) => GitResult;

/**
 * Variables that would point git somewhere other than `cwd` (set, for example, when `evident` runs
 * inside a git hook). They are removed so that the directory passed in is the repository read.
 */
const REDIRECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY'];

/** The default runner: `git` from PATH via `spawnSync`, no terminal prompts, C locale messages. */
export const spawnGit: GitRunner = (args, cwd) => {
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !REDIRECTING_VARIABLES.includes(name)),
    ),
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    ...(result.error !== undefined ? { error: result.error } : {}),
  };
};
