import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signatureNames } from './commitPerson.ts';

const alice = { username: 'alice', displayName: 'Alice Martín' };

test('a signature names a user by display name, username, address or local part', () => {
  for (const signature of [
    'Alice Martín <a.martin@example.com>',
    'alice martin <someone@example.com>',
    '  ALICE   MARTÍN <x@y>',
    'alice <a@example.com>',
    'A. M. <alice@example.com>',
    'A. M. <12345+alice@users.noreply.github.com>',
    'alice@example.com',
  ])
    assert.equal(signatureNames(signature, alice), true, signature);
  assert.equal(
    signatureNames('Alice <alice@corp.example>', { username: 'alice@corp.example', displayName: '' }),
    true,
  );
});

test('someone else is not named', () => {
  for (const signature of [
    'Bob Stone <bob@example.com>',
    'Alice Martinez <am@example.com>',
    '<>',
    '',
    'Mallory <malice@example.com>',
  ])
    assert.equal(signatureNames(signature, alice), false, signature);
});
