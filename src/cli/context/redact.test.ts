import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GitCommitMetadata } from './gitMetadata.ts';
import { redactCommit } from './redact.ts';

const commit: GitCommitMetadata = {
  sha: '3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
  author: { name: 'Zoë Ångström', email: 'zoe@example.org', timestamp: '2024-06-02T08:30:15-07:00' },
  committer: { name: 'CI Bot', email: 'ci@example.net', timestamp: '2024-06-03T01:02:03+00:00' },
  message: 'Fix login\n\nPassword for staging is hunter2',
  parents: ['1ecfd275763eff1d6b4844ea3168962458c9f27a', 'ce9a3c1404e8c91be604088670e93434c4253f03'],
  shallow: false,
  parentsTruncated: false,
  branch: 'main',
  detached: false,
};

test('redactCommit drops e-mails and the message, keeps sha, timestamps, parents and names', () => {
  assert.deepEqual(redactCommit(commit), {
    sha: '3f2c9d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
    author: { name: 'Zoë Ångström', timestamp: '2024-06-02T08:30:15-07:00' },
    committer: { name: 'CI Bot', timestamp: '2024-06-03T01:02:03+00:00' },
    parents: ['1ecfd275763eff1d6b4844ea3168962458c9f27a', 'ce9a3c1404e8c91be604088670e93434c4253f03'],
    shallow: false,
    parentsTruncated: false,
    branch: 'main',
    detached: false,
    redacted: true,
  });
});

test('nothing of the e-mails or message survives anywhere in the serialised result', () => {
  const json = JSON.stringify(redactCommit(commit));
  for (const secret of ['zoe@example.org', 'ci@example.net', 'hunter2', 'Fix login', '@']) {
    assert.equal(json.includes(secret), false, secret);
  }
});

test('the input is not modified and the parents array is not shared', () => {
  const before = structuredClone(commit);
  const redacted = redactCommit(commit);
  assert.deepEqual(commit, before);
  assert.notEqual(redacted.parents, commit.parents);
});

test('a detached, shallow commit without a branch stays without one', () => {
  const detached: GitCommitMetadata = { ...commit, detached: true, shallow: true, parentsTruncated: true };
  delete detached.branch;
  const redacted = redactCommit({ ...detached, parents: [] });
  assert.equal('branch' in redacted, false);
  assert.equal(redacted.detached, true);
  assert.equal(redacted.parentsTruncated, true);
});
