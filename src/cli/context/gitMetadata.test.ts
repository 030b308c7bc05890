import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import { readGitCommit } from './gitMetadata.ts';
import { GitSandbox } from './gitSandbox.testdata.ts';
import type { GitRunner } from './gitRunner.ts';

const sandbox = new GitSandbox();
after(() => sandbox.remove());
const { scratch, env: gitEnv } = sandbox;
const git = sandbox.git.bind(sandbox);
const newRepo = sandbox.newRepo.bind(sandbox);
const commit = sandbox.commit.bind(sandbox);

function assertBadRequest(fn: () => unknown) {
  assert.throws(fn, (error: unknown) => isEvidentError(error, 'bad_request'));
}

test('HEAD on a branch: author, committer, ISO timestamps, full message, parents, branch', () => {
  const dir = newRepo();
  const first = commit(dir, { message: 'Initial commit' });
  const second = commit(dir, {
    message: 'Add café support\n\nLonger body, line one.\nLine two.\n\n',
    author: ['Zoë Ångström', 'zoe@example.org'],
    committer: ['CI Bot', 'ci@example.net'],
    date: '2024-06-02T08:30:15-07:00',
    committerDate: '2024-06-03T01:02:03+00:00',
  });
  assert.deepEqual(readGitCommit(dir), {
    sha: second,
    author: { name: 'Zoë Ångström', email: 'zoe@example.org', timestamp: '2024-06-02T08:30:15-07:00' },
    committer: { name: 'CI Bot', email: 'ci@example.net', timestamp: '2024-06-03T01:02:03+00:00' },
    message: 'Add café support\n\nLonger body, line one.\nLine two.',
    parents: [first],
    shallow: false,
    parentsTruncated: false,
    branch: 'main',
    detached: false,
  });
});

test('a given sha: the root commit has no parents and, not being HEAD, no branch', () => {
  const dir = newRepo();
  const first = commit(dir, { message: 'root' });
  commit(dir, { message: 'second' });
  const metadata = readGitCommit(dir, first);
  assert.equal(metadata.sha, first);
  assert.deepEqual(metadata.parents, []);
  assert.equal(metadata.branch, undefined);
  assert.equal(metadata.detached, false);
  assert.equal(metadata.message, 'root');
  // An abbreviated sha resolves to the full one.
  assert.equal(readGitCommit(dir, first.slice(0, 10)).sha, first);
});

test('a merge commit lists both parents in order; read from a subdirectory', () => {
  const dir = newRepo();
  commit(dir, { message: 'base' });
  git(dir, ['checkout', '--quiet', '-b', 'feature']);
  const featureTip = commit(dir, { message: 'feature work' });
  git(dir, ['checkout', '--quiet', 'main']);
  const mainTip = commit(dir, { message: 'main work' });
  git(dir, ['merge', '--quiet', '--no-ff', '--no-edit', 'feature'], {
    GIT_AUTHOR_NAME: 'Ada Lovelace',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Lovelace',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  });
  const sub = join(dir, 'sub');
  mkdirSync(sub);
  const metadata = readGitCommit(sub);
  assert.deepEqual(metadata.parents, [mainTip, featureTip]);
  assert.equal(metadata.branch, 'main');
});

test('detached HEAD: no branch, detached true', () => {
  const dir = newRepo();
  const first = commit(dir, { message: 'one' });
  commit(dir, { message: 'two' });
  git(dir, ['checkout', '--quiet', '--detach', first]);
  const metadata = readGitCommit(dir);
  assert.equal(metadata.sha, first);
  assert.equal(metadata.detached, true);
  assert.equal(metadata.branch, undefined);
  assert.equal('branch' in metadata, false);
});

test('shallow clone (--depth 1): shallow, parents truncated and missing', () => {
  const origin = newRepo();
  commit(origin, { message: 'one' });
  commit(origin, { message: 'two' });
  const tip = commit(origin, { message: 'three' });
  const clone = sandbox.path('clone');
  git(scratch, ['clone', '--quiet', '--depth', '1', `file://${origin}`, clone]);
  const metadata = readGitCommit(clone);
  assert.equal(metadata.sha, tip);
  assert.equal(metadata.shallow, true);
  assert.equal(metadata.parentsTruncated, true);
  assert.deepEqual(metadata.parents, []);
  assert.equal(metadata.message, 'three');
  assert.equal(metadata.branch, 'main');
});

test('shallow clone (--depth 2): HEAD keeps its parent; the boundary commit is truncated', () => {
  const origin = newRepo();
  commit(origin, { message: 'one' });
  const middle = commit(origin, { message: 'two' });
  const tip = commit(origin, { message: 'three' });
  const clone = sandbox.path('clone');
  git(scratch, ['clone', '--quiet', '--depth', '2', `file://${origin}`, clone]);
  const head = readGitCommit(clone);
  assert.equal(head.sha, tip);
  assert.equal(head.shallow, true);
  assert.equal(head.parentsTruncated, false);
  assert.deepEqual(head.parents, [middle]);
  const boundary = readGitCommit(clone, middle);
  assert.equal(boundary.parentsTruncated, true);
  assert.deepEqual(boundary.parents, []);
});

test('a branch literally named "grafted" does not look like a shallow boundary', () => {
  const dir = newRepo();
  commit(dir, { message: 'one' });
  git(dir, ['branch', 'grafted']);
  assert.equal(readGitCommit(dir).parentsTruncated, false);
});

test('not a repository, missing directory, empty repository, unknown or unsafe revision: bad_request', () => {
  const plain = sandbox.path('plain');
  mkdirSync(plain);
  // The ceiling keeps git from finding a repository above the scratch directory (if TMPDIR is in one).
  const ceiled: GitRunner = (args, cwd) => {
    const result = spawnSync('git', args, {
      cwd,
      env: { ...gitEnv, GIT_CEILING_DIRECTORIES: scratch },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  assertBadRequest(() => readGitCommit(plain, undefined, ceiled));
  assertBadRequest(() => readGitCommit(join(scratch, 'does-not-exist')));
  const empty = newRepo();
  assertBadRequest(() => readGitCommit(empty));
  const dir = newRepo();
  commit(dir, { message: 'one' });
  assertBadRequest(() => readGitCommit(dir, 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef'));
  assertBadRequest(() => readGitCommit(dir, '--output=/tmp/x'));
  assertBadRequest(() => readGitCommit(dir, 'HEAD with space'));
  assertBadRequest(() => readGitCommit(dir, ''));
});

test('the runner is injected: every git call goes through it; a git that cannot start is an internal error', () => {
  const dir = newRepo();
  commit(dir, { message: 'one' });
  const calls: string[][] = [];
  const recording: GitRunner = (args, cwd) => {
    calls.push([...args]);
    const result = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  readGitCommit(dir, undefined, recording);
  assert.ok(calls.some((args) => args[0] === 'log'));
  assert.ok(calls.some((args) => args.includes('--is-shallow-repository')));

  const missingGit: GitRunner = () => ({
    status: null,
    stdout: '',
    stderr: '',
    error: new Error('spawn git ENOENT'),
  });
  assert.throws(
    () => readGitCommit(dir, undefined, missingGit),
    (error: unknown) => isEvidentError(error, 'internal'),
  );
});
