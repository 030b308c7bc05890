import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import { choosePullRequest } from './choosePullRequest.ts';
import type { PullRequestCandidate } from './pullRequestRead.ts';

const COMMIT = '4d3c2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0';

const candidate = (number: number, fields: Partial<PullRequestCandidate> = {}): PullRequestCandidate => ({
  number,
  state: 'open',
  mergeCommits: [],
  ...fields,
});

describe('choosePullRequest', () => {
  it('refuses when the provider knows no pull request of the commit', () => {
    assert.throws(
      () => choosePullRequest([], COMMIT, 'acme/payments'),
      (e) =>
        isEvidentError(e, 'not_found') &&
        e.message === `no pull request found for commit ${COMMIT} in acme/payments; pass --pr N`,
    );
  });

  it('takes the only one, without a note (also when listed twice)', () => {
    assert.deepEqual(choosePullRequest([candidate(7)], COMMIT, 'r'), { number: 7 });
    assert.deepEqual(choosePullRequest([candidate(7), candidate(7)], COMMIT, 'r'), { number: 7 });
  });

  it('prefers the merged one whose merge commit is the commit, also by an abbreviated hash', () => {
    const chosen = choosePullRequest(
      [
        candidate(9, { updatedAt: '2024-05-01T00:00:00Z' }),
        candidate(4, {
          state: 'merged',
          mergeCommits: [COMMIT.slice(0, 12).toUpperCase()],
          updatedAt: '2024-01-01T00:00:00Z',
        }),
        candidate(5, { state: 'closed', mergeCommits: [COMMIT] }),
      ],
      COMMIT,
      'acme/payments',
    );
    assert.deepEqual(chosen, {
      number: 4,
      note: `commit ${COMMIT} belongs to 3 pull requests in acme/payments (4, 5, 9); read 4, the one merged as ${COMMIT} (pass --pr N to choose another)`,
    });
  });

  it('otherwise takes the most recently updated; without times, the highest number', () => {
    const newest = choosePullRequest(
      [
        candidate(3, { updatedAt: '2024-05-02T10:00:00+02:00' }),
        candidate(8, { updatedAt: '2024-05-02T09:00:00Z' }),
        candidate(6, {
          state: 'merged',
          mergeCommits: ['0123456789abcdef'],
          updatedAt: '2024-04-01T00:00:00Z',
        }),
      ],
      COMMIT,
      'r',
    );
    assert.equal(newest.number, 8);
    assert.match(newest.note ?? '', /read 8, the most recently updated/);
    assert.equal(choosePullRequest([candidate(2), candidate(11)], COMMIT, 'r').number, 11);
  });
});
