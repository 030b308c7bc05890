import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CommitOptions {
  message: string;
  author?: [string, string];
  committer?: [string, string];
  date?: string;
  committerDate?: string;
}

/** Real git repositories in a scratch folder, isolated from the developer's git configuration. */
export class GitSandbox {
  readonly scratch = mkdtempSync(join(tmpdir(), 'evident-git-'));
  readonly env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(this.scratch, 'no-global-config'),
    GIT_TERMINAL_PROMPT: '0',
  };
  private counter = 0;

  /** A fresh name under the scratch folder. */
  path(prefix: string): string {
    return join(this.scratch, `${prefix}-${++this.counter}`);
  }

  git(cwd: string, args: string[], extraEnv: Record<string, string> = {}): string {
    const result = spawnSync('git', args, { cwd, env: { ...this.env, ...extraEnv }, encoding: 'utf8' });
    assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  }

  newRepo(): string {
    const dir = this.path('repo');
    mkdirSync(dir);
    this.git(dir, ['init', '--quiet', '--initial-branch=main']);
    return dir;
  }

  /** Commits a new file with the given people and dates; returns the commit's sha. */
  commit(dir: string, options: CommitOptions): string {
    const [authorName, authorEmail] = options.author ?? ['Ada Lovelace', 'ada@example.com'];
    const [committerName, committerEmail] = options.committer ?? [authorName, authorEmail];
    writeFileSync(join(dir, `file-${++this.counter}.txt`), `${this.counter}\n`);
    this.git(dir, ['add', '.']);
    this.git(dir, ['commit', '--quiet', '--no-verify', '-m', options.message], {
      GIT_AUTHOR_NAME: authorName,
      GIT_AUTHOR_EMAIL: authorEmail,
      GIT_COMMITTER_NAME: committerName,
      GIT_COMMITTER_EMAIL: committerEmail,
      GIT_AUTHOR_DATE: options.date ?? '2024-05-01T12:00:00+02:00',
      GIT_COMMITTER_DATE: options.committerDate ?? options.date ?? '2024-05-01T12:00:00+02:00',
    });
    return this.git(dir, ['rev-parse', 'HEAD']);
  }

  remove(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
