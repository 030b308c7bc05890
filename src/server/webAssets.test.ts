// The web UI's files as the server serves them: types, caching, security headers, the client-side
// routing fallback, no way out of the folder, the API's own 404s, and the page shown when the UI is
// not built (issue #7, DESIGN §5 "Web UI", §7).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openDatabase, type OpenDatabase } from '../storage/openDatabase.ts';
import type { EvidentServices } from '../service/evidentServices.ts';
import { testServices } from '../../test/support/services.ts';
import { buildApp } from './buildApp.ts';
import { uiPath } from './webAssets.ts';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head></html>';
const SCRIPT = 'console.log("evident");';
const SECRET = 'root:x:0:0:secret outside the web root';
/** Big enough to be worth compressing (over 1 KiB), as every real bundle is. */
const BUNDLE = `export const pages = [${Array.from({ length: 400 }, (_, i) => `"page-${i}"`).join(', ')}];\n`;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** Ways out of the folder; fastify's injector normalises some of them, the socket test sends them raw. */
const TRAVERSALS = [
  '/..%2f..%2fetc/passwd',
  '/..%2fpasswd',
  '/..%2f..%2fpasswd',
  '/../passwd',
  '/../../passwd',
  '/assets/../../x',
  '/assets/../../passwd',
  '/assets/..%2f..%2fpasswd',
  '/assets/%2e%2e/%2e%2e/passwd',
  '/%2e%2e/',
  '/%2e%2e/passwd',
  '/%2e%2e%2fpasswd',
  '/..%5cpasswd',
  '/..\\passwd',
  '//passwd',
  '/%2fpasswd',
  '/passwd%00.html',
  '/.%2e/passwd',
  '/%252e%252e/passwd',
  '/%c0%ae%c0%ae/passwd',
];
let dir: string;
let webRoot: string;
let database: OpenDatabase;
let services: EvidentServices;
let app: FastifyInstance;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evident-web-assets-'));
  webRoot = join(dir, 'dist', 'web');
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), INDEX);
  writeFileSync(join(webRoot, 'assets', 'app-abc123.js'), SCRIPT);
  writeFileSync(join(webRoot, 'assets', 'app-abc123.js.map'), '{"version":3}');
  writeFileSync(join(webRoot, 'assets', 'bundle-0a1b2c.js'), BUNDLE);
  writeFileSync(join(webRoot, 'assets', 'style-def456.css'), 'body{margin:0}');
  writeFileSync(join(webRoot, 'assets', 'inter-789.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(webRoot, 'assets', 'logo-1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(webRoot, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  writeFileSync(join(webRoot, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(webRoot, 'manifest.json'), '{}');
  writeFileSync(join(webRoot, '.env'), SECRET);
  writeFileSync(join(dir, 'passwd'), SECRET);
  writeFileSync(join(dir, 'dist', 'passwd'), SECRET);
  symlinkSync(join(dir, 'passwd'), join(webRoot, 'assets', 'linked.txt'));
  database = await openDatabase({ sqlitePath: join(dir, 'evident.db') });
  services = testServices(database);
  app = buildApp({ services, version: 'test', now: () => Date.now(), webRoot });
});

after(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, on = app, method: 'GET' | 'HEAD' | 'POST' = 'GET') {
  return on.inject({ method, url });
}

function isIndex(response: LightMyRequestResponse, url: string) {
  assert.equal(response.statusCode, 200, url);
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', url);
  assert.equal(response.headers['cache-control'], 'no-cache', url);
  assert.equal(response.body, INDEX, url);
}

function isProblem(response: LightMyRequestResponse, status: number, url: string) {
  assert.equal(response.statusCode, status, url);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
}

describe('a built UI', () => {
  test('/ and /index.html: the page, revalidated on every use, with the security headers', async () => {
    for (const url of ['/', '/index.html', '/?next=%2Fapprovals']) {
      const response = await get(url);
      isIndex(response, url);
      assert.equal(response.headers['content-security-policy'], CSP);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.match(String(response.headers.etag), /^"[A-Za-z0-9_-]{27}"$/);
    }
  });

  test('text files are sent gzipped to browsers that take it, each encoding with its own ETag', async () => {
    const url = '/assets/bundle-0a1b2c.js';
    const ask = (acceptEncoding?: string, ifNoneMatch?: string) =>
      app.inject({
        method: 'GET',
        url,
        headers: {
          ...(acceptEncoding !== undefined && { 'accept-encoding': acceptEncoding }),
          ...(ifNoneMatch !== undefined && { 'if-none-match': ifNoneMatch }),
        },
      });
    const zipped = await ask('gzip, deflate, br');
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'Accept-Encoding');
    assert.ok(zipped.rawPayload.length < BUNDLE.length / 2, `${zipped.rawPayload.length} bytes`);
    assert.equal(gunzipSync(zipped.rawPayload).toString(), BUNDLE);
    const plain = await ask();
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(plain.body, BUNDLE);
    assert.notEqual(plain.headers.etag, zipped.headers.etag);
    assert.equal((await ask('br, gzip;q=0')).headers['content-encoding'], undefined, 'q=0 refuses gzip');
    assert.equal((await ask('GZIP;q=0.5')).headers['content-encoding'], 'gzip');
    assert.equal((await ask('gzip', String(zipped.headers.etag))).statusCode, 304);
    assert.equal((await ask(undefined, String(zipped.headers.etag))).statusCode, 200, 'not the plain ETag');
    // Small files and images stay as they are.
    for (const small of ['/assets/app-abc123.js', '/assets/logo-1.png']) {
      const response = await app.inject({
        method: 'GET',
        url: small,
        headers: { 'accept-encoding': 'gzip' },
      });
      assert.equal(response.headers['content-encoding'], undefined, small);
      assert.equal(response.headers.vary, undefined, small);
    }
  });

  test('files by type; hashed assets cached for a year, the rest revalidated', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    for (const [url, type, cache] of [
      ['/assets/app-abc123.js', 'text/javascript; charset=utf-8', immutable],
      ['/assets/app-abc123.js.map', 'application/json; charset=utf-8', immutable],
      ['/assets/style-def456.css', 'text/css; charset=utf-8', immutable],
      ['/assets/inter-789.woff2', 'font/woff2', immutable],
      ['/assets/logo-1.png', 'image/png', immutable],
      ['/favicon.ico', 'image/x-icon', 'no-cache'],
      ['/logo.svg', 'image/svg+xml', 'no-cache'],
      ['/manifest.json', 'application/json; charset=utf-8', 'no-cache'],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['content-type'], type, url);
      assert.equal(response.headers['cache-control'], cache, url);
      assert.equal(response.headers['content-security-policy'], CSP, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    }
    assert.equal((await get('/assets/app-abc123.js')).body, SCRIPT);
  });

  test("the UI's own routes get the page (client-side routing survives a reload)", async () => {
    for (const url of [
      '/environments/prod',
      '/environments/prod/',
      '/artifacts/0123abcd?tab=attestations',
      '/approvals',
      '/a%20b',
      `/${'x'.repeat(600)}`,
    ]) {
      isIndex(await get(url), url);
    }
  });

  test('a missing asset, a dot-file or a symbolic link is a 404, not the page', async () => {
    for (const url of [
      '/assets/app-000000.js',
      '/assets/linked.txt',
      '/.env',
      '/assets/.env',
      '/.git/config',
    ]) {
      isProblem(await get(url), 404, url);
    }
  });

  test('no way out of the folder: index.html or a 404, never a file outside it', async () => {
    for (const url of TRAVERSALS) {
      const response = await get(url);
      assert.ok([200, 400, 404].includes(response.statusCode), `${url}: ${response.statusCode}`);
      if (response.statusCode === 200) isIndex(response, url);
      assert.equal(response.body.includes('secret outside'), false, url);
    }
  });

  test('no way out over a real socket either, where nothing normalises the path on the way', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    assert.match(address, /127\.0\.0\.1/);
    const raw = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const sent = httpRequest({ host: '127.0.0.1', port, path }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        sent.on('error', reject);
        sent.end();
      });
    for (const url of TRAVERSALS.filter((u) => !u.includes('\\'))) {
      const { status, body } = await raw(url);
      assert.ok([200, 400, 404].includes(status), `${url}: ${status}`);
      if (status === 200) assert.equal(body, INDEX, url);
      assert.equal(body.includes('secret outside'), false, url);
    }
    assert.equal((await raw('/assets/app-abc123.js')).body, SCRIPT);
  });

  test('/api/ paths keep the JSON problem 404; other methods are not the UI', async () => {
    for (const url of ['/api/v1/nope', '/api', '/api/', '/api/v1/orgs/acme/nothing/here', '/%61pi/v1/nope']) {
      isProblem(await get(url), 404, url);
    }
    isProblem(await get('/environments/prod', app, 'POST'), 404, 'POST');
    const health = await get('/api/v1/health');
    assert.equal(health.statusCode, 200);
    assert.equal(health.headers['x-content-type-options'], 'nosniff', 'API answers say nosniff too');
    assert.equal(health.headers['content-security-policy'], undefined);
  });

  test('HEAD answers the headers alone; If-None-Match gets a 304', async () => {
    const head = await get('/', app, 'HEAD');
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(INDEX)));
    assert.equal(head.headers['content-security-policy'], CSP);
    const script = await get('/assets/app-abc123.js', app, 'HEAD');
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    isProblem(await get('/api/v1/nope', app, 'HEAD'), 404, 'HEAD /api/v1/nope');
    const { etag } = (await get('/environments/prod')).headers;
    const cached = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(etag) } });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.body, '');
  });
});

describe('no built UI', () => {
  test('without a web root, or one without index.html: 503 with how to build it; the API works', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    for (const options of [{}, { webRoot: empty }, { webRoot: join(dir, 'missing') }]) {
      const bare = buildApp({ services, version: 'test', now: () => Date.now(), ...options });
      try {
        for (const url of ['/', '/environments/prod', '/assets/app-abc123.js']) {
          const response = await get(url, bare);
          assert.equal(response.statusCode, 503, url);
          assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
          assert.equal(response.headers['content-security-policy'], CSP);
          assert.match(response.body, /not built/);
          assert.match(response.body, /npm run build/);
        }
        assert.equal((await get('/', bare, 'HEAD')).statusCode, 503);
        assert.equal((await get('/api/v1/health', bare)).statusCode, 200);
        isProblem(await get('/api/v1/nope', bare), 404, '/api/v1/nope');
      } finally {
        await bare.close();
      }
    }
  });
});

test('uiPath: plain paths inside the root, nothing else', () => {
  assert.equal(uiPath('/'), '');
  assert.equal(uiPath('/?x=1'), '');
  assert.equal(uiPath('/assets/app.js'), 'assets/app.js');
  assert.equal(uiPath('/environments/prod/'), 'environments/prod');
  assert.equal(uiPath('/a%20b'), 'a b');
  for (const url of [
    '',
    'assets/app.js',
    '/..',
    '/../x',
    '/a/../b',
    '/a/./b',
    '/a//b',
    '//a',
    '/.env',
    '/%2e%2e/x',
    '/a%2fb',
    '/a%2Fb',
    '/a%5cb',
    '/a\\b',
    '/a%00b',
    '/%zz',
  ]) {
    assert.equal(uiPath(url), undefined, url);
  }
});
