// The stateless CSRF value of a browser session.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { csrfMatches, csrfToken } from './csrf.ts';

const secret = `evd_${'A'.repeat(43)}`;

test('csrfToken is base64url(HMAC-SHA256(secret, "evident csrf v1"))', () => {
  const expected = createHmac('sha256', secret).update('evident csrf v1').digest('base64url');
  assert.equal(csrfToken(secret), expected);
  assert.match(expected, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(csrfToken(`evd_${'B'.repeat(43)}`), expected);
});

test('csrfMatches: only the exact value of this secret', () => {
  assert.equal(csrfMatches(secret, csrfToken(secret)), true);
  for (const sent of [undefined, '', csrfToken(secret).slice(1), `${csrfToken(secret)}=`, ['a', 'b'], 'é'])
    assert.equal(csrfMatches(secret, sent), false, String(sent));
});
