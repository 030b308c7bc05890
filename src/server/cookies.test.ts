// The Cookie header parser and Set-Cookie writer (RFC 6265), with hostile input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCookies, serializeCookie } from './cookies.ts';

test('parseCookies: pairs by name, the first of a name wins, quotes removed, bad pairs skipped', () => {
  assert.deepEqual(
    [...parseCookies('a=1; b="two"; a=3;c=; bad name=x; d=x y; e=ok; =nameless; f')],
    [
      ['a', '1'],
      ['b', 'two'],
      ['c', ''],
      ['e', 'ok'],
    ],
  );
  assert.deepEqual(
    [...parseCookies(['a=1', 'b=2'])],
    [
      ['a', '1'],
      ['b', '2'],
    ],
  );
  assert.equal(parseCookies(undefined).size, 0);
  assert.equal(parseCookies('').size, 0);
});

test('parseCookies: bounded; an oversized header counts as none, many pairs are cut off', () => {
  assert.equal(parseCookies(`a=1; x=${'y'.repeat(9000)}`).size, 0);
  assert.equal(parseCookies(Array.from({ length: 500 }, (_, i) => `c${i}=v`).join(';')).size, 64);
  assert.equal(parseCookies(';'.repeat(8000)).size, 0);
  assert.equal(parseCookies('a=\u0000; b=é; c="x"y"').size, 0);
});

test('serializeCookie: a credential cookie, Secure and Max-Age as asked, invalid values refused', () => {
  assert.equal(
    serializeCookie('s', 'evd_x', { secure: true, maxAge: 12.7 }),
    's=evd_x; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=12',
  );
  assert.equal(
    serializeCookie('s', '', { secure: false, maxAge: -5 }),
    's=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
  );
  assert.equal(serializeCookie('s', 'v', { secure: false }), 's=v; Path=/; HttpOnly; SameSite=Strict');
  assert.throws(() => serializeCookie('s', 'a;b', { secure: true }));
  assert.throws(() => serializeCookie('a b', 'v', { secure: true }));
});
