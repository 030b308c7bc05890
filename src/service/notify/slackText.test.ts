import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackText } from './slackText.ts';

test('a break-glass message says who let what in, why, and how to review it, escaped', () => {
  const text = slackText({
    type: 'break_glass',
    org: 'acme',
    environment: 'prod',
    exception: { id: 57, fingerprint: 'ab'.repeat(32), by: 'carol', reason: 'INC-42 <@here> & co' },
    occurredAt: '2026-11-19T08:00:00.000Z',
  });
  assert.equal(
    text,
    'Break-glass in prod (acme): carol let sha256:abababababab in without approval — INC-42 &lt;@here&gt; &amp; co. Review it: evident approve|reject 57',
  );
});
