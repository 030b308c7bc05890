// Where `evident server` looks for the built web UI, from the sources and from the bundle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { defaultWebRoot } from './defaultWebRoot.ts';

const at = (path: string) => defaultWebRoot(pathToFileURL(path).href);

test('from the sources: the default build folder, not the UI sources', () => {
  assert.equal(at('/repo/src/server/startServer.ts'), '/repo/dist/web');
});

test('from the bundle: beside evident.mjs, also when running from one of its chunks', () => {
  assert.equal(at('/repo/dist/evident.mjs'), '/repo/dist/web');
  assert.equal(at('/repo/dist/chunks/serverCommand-AB12CD34.mjs'), '/repo/dist/web');
  assert.equal(at('/opt/evident/build/chunks/startServer-X.mjs'), '/opt/evident/build/web');
  assert.equal(
    at('/usr/lib/node_modules/evident/dist/evident.mjs'),
    '/usr/lib/node_modules/evident/dist/web',
  );
});
