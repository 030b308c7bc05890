import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import { pullRequestEvaluator } from './pullRequestEvaluator.ts';

const base = {
  provider: 'github',
  url: 'https://github.com/acme/payments/pull/42',
  number: 42,
  title: 'PAY-7 rounding',
  state: 'merged',
  author: 'alice',
};

function evaluate(fields: { [key: string]: JsonValue }, params?: unknown) {
  return pullRequestEvaluator.evaluate({
    evidence: [],
    data: { ...base, ...fields },
    params: pullRequestEvaluator.parseParams(params),
  });
}

describe('pullRequestEvaluator', () => {
  it('is compliant with one approval by someone else (default minApprovals 1)', () => {
    const result = evaluate({ approvers: ['bob'] });
    assert.equal(result.compliant, true);
    assert.equal(result.claimed, false);
    assert.deepEqual(result.reasons, []);
    assert.equal(result.summary.approvals, 1);
    assert.deepEqual(result.summary.approvers, ['bob']);
    assert.equal(result.summary.number, 42);
  });

  it('is non-compliant when only the author approved', () => {
    const result = evaluate({ approvers: ['alice'] });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /Only the author \(alice\) approved/);
    assert.equal(result.summary.selfApproved, true);
  });

  it('does not count the author approving their own pull request among others', () => {
    const result = evaluate({ approvers: ['alice', 'bob'] }, { minApprovals: 2 });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /Approved by bob only: 1 of the 2 approvals/);
    assert.match(result.reasons[0]!, /author's own approval does not count/);
  });

  it('is compliant with two distinct approvers when two are required', () => {
    assert.equal(evaluate({ approvers: ['bob', 'carol'] }, { minApprovals: 2 }).compliant, true);
  });

  it('compares logins case-insensitively (author and duplicates)', () => {
    const self = evaluate({ approvers: ['ALICE', ' Alice '] });
    assert.equal(self.compliant, false);
    assert.equal(self.summary.selfApproved, true);
    const duplicate = evaluate({ approvers: ['Bob', 'bob', 'BOB'] }, { minApprovals: 2 });
    assert.equal(duplicate.compliant, false);
    assert.equal(duplicate.summary.approvals, 1);
  });

  it('reports when no one approved', () => {
    const result = evaluate({ approvers: [] });
    assert.equal(result.compliant, false);
    assert.match(result.reasons[0]!, /No one other than the author approved/);
  });

  it('reads approvals from reviews: the latest decisive review counts', () => {
    const reviews = [
      { author: 'bob', state: 'approved' },
      { author: 'carol', state: 'approved' },
      { author: 'carol', state: 'changes_requested' },
      { author: 'dave', state: 'approved' },
      { author: 'dave', state: 'commented' },
      { author: 'erin', state: 'approved' },
      { author: 'Erin', state: 'dismissed' },
      { author: 'alice', state: 'approved' },
    ];
    const result = evaluate({ reviews }, { minApprovals: 2 });
    assert.equal(result.compliant, true);
    assert.deepEqual(result.summary.approvers, ['bob', 'dave']);
    assert.deepEqual(result.summary.changesRequestedBy, ['carol']);
    assert.equal(result.summary.selfApproved, true);
    assert.equal(evaluate({ reviews }, { minApprovals: 3 }).compliant, false);
  });

  it('takes the union of approvers and approving reviews', () => {
    const result = evaluate(
      { approvers: ['bob'], reviews: [{ author: 'carol', state: 'approved' }] },
      { minApprovals: 2 },
    );
    assert.equal(result.compliant, true);
  });

  it('requires a merge with requireMerged', () => {
    assert.equal(evaluate({ approvers: ['bob'] }, { requireMerged: true }).compliant, true);
    const open = evaluate({ state: 'open', approvers: ['bob'] }, { requireMerged: true });
    assert.equal(open.compliant, false);
    assert.deepEqual(open.reasons, ['The pull request is open, not merged (requireMerged).']);
    assert.equal(evaluate({ state: 'open', approvers: ['bob'] }).compliant, true);
    const both = evaluate({ state: 'closed', approvers: ['alice'] }, { requireMerged: true });
    assert.equal(both.reasons.length, 2);
  });

  it('ignores approvals by commit authors with excludeCommitAuthors', () => {
    const commits: JsonValue = [
      { sha: 'a1b2c3d', author: 'alice' },
      { sha: 'b2c3d4e', author: 'Bob', committer: 'web-flow' },
    ];
    const data = { approvers: ['bob', 'carol'], commits };
    assert.equal(evaluate(data, { minApprovals: 2 }).compliant, true);
    const result = evaluate(data, { minApprovals: 2, excludeCommitAuthors: true });
    assert.equal(result.compliant, false);
    assert.deepEqual(result.summary.excludedApprovers, ['bob']);
    assert.match(result.reasons[0]!, /commit authors do not count.*bob/);
  });

  it('allows minApprovals 0', () => {
    assert.equal(evaluate({ approvers: [] }, { minApprovals: 0 }).compliant, true);
  });

  it('refuses data that does not have the documented shape', () => {
    const bad: { [key: string]: JsonValue }[] = [
      {},
      { approvers: 'bob' },
      { approvers: [''] },
      { approvers: ['   '] },
      { approvers: [42] },
      { state: 'approved', approvers: ['bob'] },
      { url: 'javascript:alert(1)', approvers: ['bob'] },
      { reviews: [{ author: 'bob', state: 'APPROVED' }] },
      { approvers: ['bob'], commits: [{ sha: 'not-a-sha' }] },
      { approvers: ['bob'], approver: ['carol'] },
      { approvers: Array.from({ length: 1001 }, (_, i) => `user${i}`) },
      { approvers: ['bob'], title: 'x'.repeat(10_000) },
    ];
    for (const fields of bad) {
      assert.throws(
        () => evaluate(fields),
        (e) => isEvidentError(e, 'invalid_evidence'),
        JSON.stringify(fields).slice(0, 80),
      );
    }
    for (const data of [undefined, null, 'pr', [base]] as (JsonValue | undefined)[]) {
      assert.throws(
        () =>
          pullRequestEvaluator.evaluate({ evidence: [], data, params: pullRequestEvaluator.parseParams({}) }),
        (e) => isEvidentError(e, 'invalid_evidence'),
      );
    }
  });

  it('accepts any provider name and optional fields', () => {
    const result = evaluate({
      provider: 'gitea',
      approvers: ['bob'],
      mergedBy: 'carol',
      sourceBranch: 'feature/x',
      targetBranch: 'main',
      commits: [{ sha: 'A1B2C3D4', message: 'PAY-7 fix' }],
    });
    assert.equal(result.compliant, true);
    assert.equal(result.summary.mergedBy, 'carol');
  });

  it('validates params', () => {
    assert.deepEqual(pullRequestEvaluator.parseParams(undefined), {
      minApprovals: 1,
      requireMerged: false,
      excludeCommitAuthors: false,
    });
    for (const params of [
      { minApprovals: -1 },
      { minApprovals: 1.5 },
      { minApprovals: '2' },
      { requireMerged: 'yes' },
      { x: 1 },
      3,
    ]) {
      assert.throws(
        () => pullRequestEvaluator.parseParams(params),
        (e) => isEvidentError(e, 'bad_request'),
      );
    }
  });
});
