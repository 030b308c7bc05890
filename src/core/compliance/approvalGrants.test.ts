import assert from 'node:assert/strict';
import { test } from 'node:test';
import { approvalOutcome, type ApprovalGrant } from './approvalGrants.ts';

const rule = { approvers: 2, expiresAfterHours: 24 };
const facts = (since: string, grants: ApprovalGrant[]) => ({ since, grants });
const ann = { by: 'ann', at: '2026-11-18T10:00:00.000Z' };
const bob = { by: 'bob', at: '2026-11-19T10:00:00.000Z' };

test('distinct approvers count, one person twice counts once', () => {
  // The run began at 09:00: Ann's approval (24 h from 10:00 the day before) still held, Bob's came later.
  assert.deepEqual(approvalOutcome(rule, facts('2026-11-19T09:00:00.000Z', [ann, bob]), 'prod'), {
    satisfied: true,
    approvers: ['ann', 'bob'],
  });
  const twice = approvalOutcome(
    rule,
    facts('2026-11-19T11:00:00.000Z', [bob, { ...bob, at: ann.at }]),
    'prod',
  );
  assert.equal(twice.satisfied, false);
  assert.equal(twice.reason, 'needs 2 approvals to run in prod, has 1');
});

test('an approval counts for a run that began before it expired, not for one that begins later', () => {
  // Ann approved 25 hours before the run began: expired; Bob's still counts.
  const late = approvalOutcome(rule, facts('2026-11-19T11:00:00.000Z', [ann, bob]), 'prod');
  assert.deepEqual(late, {
    satisfied: false,
    approvers: ['bob'],
    reason: 'needs 2 approvals to run in prod, has 1 (1 expired after 24 h)',
  });
  // With no expiry in the rule, approvals never lapse.
  assert.equal(
    approvalOutcome({ approvers: 2 }, facts('2027-01-01T00:00:00.000Z', [ann, bob]), 'prod').satisfied,
    true,
  );
});

test('a break-glass exception satisfies the rule and says so, only when approvals do not', () => {
  const glass = { by: 'carol', at: '2026-11-19T10:30:00.000Z', exception: 'INC-7 outage' };
  const since = '2026-11-19T11:00:00.000Z';
  assert.deepEqual(approvalOutcome(rule, facts(since, [bob, glass]), 'prod'), {
    satisfied: true,
    approvers: ['bob'],
    note: 'running under break-glass exception by carol: INC-7 outage',
  });
  // Had the run begun at 09:00, Ann's and Bob's approvals would have sufficed: no exception needed.
  assert.deepEqual(approvalOutcome(rule, facts('2026-11-19T09:00:00.000Z', [ann, bob, glass]), 'prod'), {
    satisfied: true,
    approvers: ['ann', 'bob'],
  });
  // An exception expires like an approval.
  assert.equal(approvalOutcome(rule, facts('2026-11-21T00:00:00.000Z', [glass]), 'prod').satisfied, false);
});
