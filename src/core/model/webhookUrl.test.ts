import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkWebhookUrl } from './webhookUrl.ts';

test('http(s) URLs are accepted and only their origin is for showing', () => {
  assert.deepEqual(checkWebhookUrl('https://hooks.slack.com/services/T0/B0/secret'), {
    url: 'https://hooks.slack.com/services/T0/B0/secret',
    origin: 'https://hooks.slack.com',
  });
  assert.deepEqual(checkWebhookUrl('http://127.0.0.1:8099/hook?key=abc'), {
    url: 'http://127.0.0.1:8099/hook?key=abc',
    origin: 'http://127.0.0.1:8099',
  });
  assert.equal(checkWebhookUrl('HTTPS://Example.COM:443/x').origin, 'https://example.com');
});

test('other schemes, credentials in the URL and non-URLs are refused', () => {
  for (const url of [
    'ftp://example.com/x',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'ws://example.com/socket',
    'https://user:password@example.com/x',
    'https://token@example.com/x',
    '/relative/path',
    'example.com/hook',
    '',
    `https://example.com/${'a'.repeat(2048)}`,
  ])
    assert.throws(() => checkWebhookUrl(url), { code: 'bad_request' }, url);
});

test('a refusal does not repeat the URL, which may hold a credential', () => {
  assert.throws(
    () => checkWebhookUrl('https://admin:hunter2@example.com/x'),
    (error: Error) => !error.message.includes('hunter2'),
  );
});
