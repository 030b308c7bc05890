import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { isEvidentError } from '../../core/errors.ts';
import { FsBlobStore } from './fsBlobStore.ts';

const root = mkdtempSync(join(tmpdir(), 'evident-blobs-'));
after(() => rmSync(root, { recursive: true, force: true }));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** A body arriving in small pieces, as a network upload does. */
const body = (bytes: Buffer) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)),
  );

test('stores by SHA-256 once, reads back byte for byte, and re-hashes', async () => {
  const store = new FsBlobStore(root);
  const bytes = Buffer.from('<testsuites tests="1"/>\n');
  assert.deepEqual(await store.put(sha(bytes), body(bytes), 1024), { size: bytes.length, created: true });
  assert.deepEqual(await store.put(sha(bytes), body(bytes), 1024), { size: bytes.length, created: false });
  assert.deepEqual(await store.read(sha(bytes)), bytes);
  assert.equal(await store.rehash(sha(bytes)), sha(bytes));
  assert.equal(await store.rehash(sha(Buffer.from('never stored'))), undefined);
});

test('a wrong digest or an oversized body stores nothing and leaves no temporary file', async () => {
  const store = new FsBlobStore(root);
  const bytes = Buffer.from('x'.repeat(100));
  await assert.rejects(store.put(sha(Buffer.from('other')), body(bytes), 1024), (e) =>
    isEvidentError(e, 'invalid_evidence'),
  );
  await assert.rejects(store.put(sha(bytes), body(bytes), 99), (e) => isEvidentError(e, 'payload_too_large'));
  assert.equal(existsSync(join(root, 'sha256', sha(bytes).slice(0, 2))), false);
  assert.deepEqual(readdirSync(join(root, 'tmp')), []);
  assert.throws(
    () => store.stream('../../etc/passwd'),
    (e) => isEvidentError(e, 'bad_request'),
    'no path traversal',
  );
});
