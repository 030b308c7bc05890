import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, test } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import { spawnGit, type GitRunner } from './gitRunner.ts';
import { GitSandbox } from './gitSandbox.testdata.ts';
import { trailCommit } from './trailCommit.ts';

const sandbox = new GitSandbox();
after(() => sandbox.remove());
// Real git, without the developer's configuration, and never a repository above the scratch folder.
const run: GitRunner = (args, cwd) => {
  const saved = { ...process.env };
  Object.assign(process.env, sandbox.env, { GIT_CEILING_DIRECTORIES: sandbox.scratch });
  try {
    return spawnGit(args, cwd);
  } finally {
    process.env = saved;
  }
};

const repo = sandbox.newRepo();
const first = sandbox.commit(repo, { message: 'Initial commit' });
const second = sandbox.commit(repo, {
  message: 'Pay by card\n\nCloses PAY-12.\n',
  author: ['Zoë Ångström', 'zoe@example.org'],
  committer: ['CI Bot', 'ci@example.net'],
  date: '2026-11-19T02:30:00+01:00',
  committerDate: '2026-11-19T03:00:00+00:00',
});

test('--commit is enriched from the local repository; the CI branch is not its branch', () => {
  const warnings: string[] = [];
  const commit = trailCommit(
    { sha: first, repoRoot: repo, redact: false, ci: { system: 'github', commit: second, branch: 'feat' } },
    (line) => warnings.push(line),
    run,
  );
  assert.deepEqual(commit, {
    sha: first,
    author: 'Ada Lovelace <ada@example.com>',
    committer: 'Ada Lovelace <ada@example.com>',
    message: 'Initial commit',
    timestamp: '2024-05-01T12:00:00+02:00',
    parents: [],
  });
  assert.deepEqual(warnings, []);
});

test('without --commit the CI commit is read; without CI, HEAD and its branch', () => {
  const ci = { system: 'gitlab' as const, commit: second };
  assert.equal(
    trailCommit({ repoRoot: repo, redact: false, ci }, () => {}, run)?.message,
    'Pay by card\n\nCloses PAY-12.',
  );
  assert.deepEqual(
    trailCommit({ repoRoot: repo, redact: false, ci: undefined }, () => {}, run),
    {
      sha: second,
      author: 'Zoë Ångström <zoe@example.org>',
      committer: 'CI Bot <ci@example.net>',
      message: 'Pay by card\n\nCloses PAY-12.',
      timestamp: '2026-11-19T02:30:00+01:00',
      parents: [first],
      branch: 'main',
    },
  );
});

test('--redact-commit-info keeps names, times and parents; drops e-mail addresses and the message', () => {
  const commit = trailCommit({ repoRoot: repo, redact: true, ci: undefined }, () => {}, run);
  assert.deepEqual(commit, {
    sha: second,
    author: 'Zoë Ångström',
    committer: 'CI Bot',
    timestamp: '2026-11-19T02:30:00+01:00',
    parents: [first],
    branch: 'main',
  });
  assert.doesNotMatch(JSON.stringify(commit), /@example|PAY-12/);
});

test('outside a repository the sha alone is recorded, with a warning; nothing known, nothing recorded', () => {
  const plain = sandbox.path('plain');
  mkdirSync(plain);
  const sha = 'a'.repeat(40);
  const warnings: string[] = [];
  const saved = process.cwd();
  process.chdir(plain);
  try {
    const ci = { system: 'jenkins' as const, commit: sha, branch: 'main' };
    assert.deepEqual(
      trailCommit({ redact: false, ci }, (l) => warnings.push(l), run),
      { sha, branch: 'main' },
    );
    assert.equal(
      trailCommit({ redact: false, ci: undefined }, (l) => warnings.push(l), run),
      undefined,
    );
  } finally {
    process.chdir(saved);
  }
  assert.equal(warnings.length, 2);
  assert.match(
    warnings[0] ?? '',
    /recording commit a{40} without git metadata: .* not inside a git repository/,
  );
  assert.match(
    warnings[1] ?? '',
    /recording no commit: .* not inside a git repository, and no CI system names one/,
  );
});

test('a commit the clone lacks: a warning by default, an error when --repo-root was given', () => {
  const missing = 'b'.repeat(40);
  const saved = process.cwd();
  const warnings: string[] = [];
  process.chdir(repo);
  try {
    assert.deepEqual(
      trailCommit({ sha: missing, redact: false, ci: undefined }, (l) => warnings.push(l), run),
      {
        sha: missing,
      },
    );
  } finally {
    process.chdir(saved);
  }
  assert.match(warnings[0] ?? '', /does not name a commit/);
  assert.throws(
    () => trailCommit({ sha: missing, repoRoot: repo, redact: false, ci: undefined }, () => {}, run),
    (error: unknown) => isEvidentError(error, 'bad_request') && /does not name a commit/.test(error.message),
  );
});

test('the CI commit takes the CI branch; a CI revision that is no git commit id records no commit', () => {
  const ci = { system: 'azure' as const, commit: second.toUpperCase(), branch: 'release/2.4' };
  const commit = trailCommit({ repoRoot: repo, redact: false, ci }, () => {}, run);
  assert.equal(commit?.sha, second);
  assert.equal(commit.branch, 'release/2.4');
  const plain = sandbox.path('tfvc');
  mkdirSync(plain);
  const saved = process.cwd();
  const warnings: string[] = [];
  process.chdir(plain);
  try {
    const tfvc = { system: 'azure' as const, commit: 'C1234', branch: 'main' };
    assert.equal(
      trailCommit({ redact: false, ci: tfvc }, (l) => warnings.push(l), run),
      undefined,
    );
  } finally {
    process.chdir(saved);
  }
  assert.deepEqual(warnings, [
    'evident: azure reports revision c1234, not a git commit id; recording no commit',
  ]);
});
