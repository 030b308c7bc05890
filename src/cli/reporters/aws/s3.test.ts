// The S3 reporter against a fake S3 on 127.0.0.1 speaking the REST-XML protocol with path-style
// addressing (S3 API Reference): ListObjectsV2 `GET /BUCKET?list-type=2&continuation-token=…`,
// HeadObject `HEAD /BUCKET/KEY`, GetObject `GET /BUCKET/KEY`, checksums in `x-amz-checksum-*` headers
// when the request says `x-amz-checksum-mode: ENABLED`, errors as `<Error><Code>…` documents. The
// fingerprints are checked against node:crypto's SHA-256 of the very bytes served.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { s3RunningArtifacts } from './s3.ts';
import {
  ACCOUNT,
  assertFailsWith,
  assertSigV4Signed,
  assertUnreachable,
  s3Answer,
  s3Error,
  sha256Of,
  fakeAwsForTests,
  xmlText,
  type Answer,
  type SeenRequest,
} from './fakeAws.ts';

const MiB = 1024 * 1024;

/** How the object was uploaded, which decides what checksum S3 keeps (User Guide, "Checking object integrity"). */
type Upload =
  | 'plain' // before S3 kept checksums by default: ETag only
  | 'sha256' // single PUT with x-amz-checksum-algorithm SHA256: a FULL_OBJECT SHA-256
  | 'sha256-multipart' // multipart with SHA256: a COMPOSITE checksum of the parts' checksums
  | 'crc32'; // single PUT with CRC32: a checksum, but not a SHA-256

interface StoredObject {
  readonly key: string;
  readonly bytes: Buffer;
  readonly upload: Upload;
  /** What the listing says when it is not the real size (an object too big to serve here). */
  readonly listedSize?: number;
  /** Deleted after the listing: reads answer NoSuchKey. */
  readonly gone?: boolean;
}

const PART = 5 * MiB;
const SITE: StoredObject[] = [
  { key: 'assets/', bytes: Buffer.alloc(0), upload: 'plain' },
  { key: 'assets/app.js', bytes: randomBytes(3 * MiB), upload: 'crc32' },
  {
    key: 'assets/logo.svg',
    bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>\n'),
    upload: 'sha256',
  },
  {
    key: 'docs/read me ü.txt',
    bytes: Buffer.from('Read me, with a space and an umlaut in my key.\n'),
    upload: 'plain',
  },
  { key: 'gone.txt', bytes: Buffer.from('deleted\n'), upload: 'plain', gone: true },
  { key: 'index.html', bytes: Buffer.from('<!doctype html><title>Evident</title>\n'), upload: 'sha256' },
  { key: 'iso/huge.iso', bytes: Buffer.alloc(0), upload: 'plain', listedSize: 6 * 1024 ** 3 },
  { key: 'release/app.tar.gz', bytes: randomBytes(PART + MiB), upload: 'sha256-multipart' },
];
const SEALED: StoredObject[] = [{ key: 'secret.bin', bytes: Buffer.from('no'), upload: 'plain' }];

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();
const parts = (bytes: Buffer) => [bytes.subarray(0, PART), bytes.subarray(PART)];

/** The ETag: the MD5 of the bytes, or for multipart the MD5 of the parts' MD5s and the part count. */
function etagOf(object: StoredObject): string {
  if (object.upload !== 'sha256-multipart') return `"${md5(object.bytes).toString('hex')}"`;
  return `"${md5(Buffer.concat(parts(object.bytes).map(md5))).toString('hex')}-2"`;
}

/** The checksum headers S3 sends with checksum mode enabled. */
function checksumHeaders(object: StoredObject): Record<string, string> {
  switch (object.upload) {
    case 'plain':
      return {};
    case 'sha256':
      return { 'x-amz-checksum-sha256': sha256Of(object.bytes).base64, 'x-amz-checksum-type': 'FULL_OBJECT' };
    case 'sha256-multipart': {
      const ofParts = Buffer.concat(parts(object.bytes).map((p) => createHash('sha256').update(p).digest()));
      return { 'x-amz-checksum-sha256': `${sha256Of(ofParts).base64}-2`, 'x-amz-checksum-type': 'COMPOSITE' };
    }
    case 'crc32': {
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(object.bytes));
      return { 'x-amz-checksum-crc32': crc.toString('base64'), 'x-amz-checksum-type': 'FULL_OBJECT' };
    }
  }
}

function listedEntry(object: StoredObject): string {
  const algorithm = { plain: '', sha256: 'SHA256', 'sha256-multipart': 'SHA256', crc32: 'CRC32' }[
    object.upload
  ];
  const type = object.upload === 'sha256-multipart' ? 'COMPOSITE' : 'FULL_OBJECT';
  return (
    `<Contents><Key>${xmlText(object.key)}</Key><LastModified>2025-03-18T09:41:07.000Z</LastModified>` +
    `<ETag>${xmlText(etagOf(object))}</ETag>` +
    (algorithm === ''
      ? ''
      : `<ChecksumAlgorithm>${algorithm}</ChecksumAlgorithm><ChecksumType>${type}</ChecksumType>`) +
    `<Size>${object.listedSize ?? object.bytes.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
  );
}

/** Three keys a page: S3 returns "some or all (up to 1,000)"; the client follows NextContinuationToken. */
function listObjectsV2(bucket: string, objects: readonly StoredObject[], query: URLSearchParams): Answer {
  assert.equal(query.get('list-type'), '2');
  const prefix = query.get('prefix') ?? '';
  const matching = objects.filter((o) => o.key.startsWith(prefix));
  const token = query.get('continuation-token');
  const start = token === null ? 0 : Number(Buffer.from(token, 'base64').toString());
  const page = matching.slice(start, start + 3);
  const next = start + page.length;
  const truncated = next < matching.length;
  return s3Answer(
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name>` +
      `<Prefix>${xmlText(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>1000</MaxKeys>` +
      (token === null ? '' : `<ContinuationToken>${xmlText(token)}</ContinuationToken>`) +
      `<IsTruncated>${truncated}</IsTruncated>` +
      (truncated
        ? `<NextContinuationToken>${Buffer.from(String(next)).toString('base64')}</NextContinuationToken>`
        : '') +
      page.map(listedEntry).join('') +
      `</ListBucketResult>`,
  );
}

function readObject(request: SeenRequest, object: StoredObject | undefined, key: string): Answer {
  if (object === undefined || object.gone === true) {
    if (request.method === 'HEAD')
      return { status: 404, headers: { 'x-amz-request-id': 'B1D5A7E3C9F2D4E6' } };
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${xmlText(key)}</Key>`);
  }
  const withChecksum = request.headers['x-amz-checksum-mode'] === 'ENABLED';
  const headers = {
    'accept-ranges': 'bytes',
    'content-length': String(object.bytes.length),
    'content-type': 'application/octet-stream',
    etag: etagOf(object),
    'last-modified': 'Tue, 18 Mar 2025 09:41:07 GMT',
    'x-amz-server-side-encryption': 'AES256',
    'x-amz-request-id': 'D7F6C4B3A2E1F0D9',
    'x-amz-id-2': sha256Of(key).base64,
    server: 'AmazonS3',
    ...(withChecksum && checksumHeaders(object)),
  };
  return { status: 200, headers, body: request.method === 'HEAD' ? undefined : object.bytes };
}

const BUCKETS: Record<string, readonly StoredObject[]> = { site: SITE, sealed: SEALED };

function answer(request: SeenRequest): Answer {
  // Path style: `/BUCKET` or `/BUCKET/` lists (with list-type=2), `/BUCKET/KEY` is an object.
  const [, bucket = '', ...rest] = request.url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  if (bucket === 'missing') {
    return s3Error(
      404,
      'NoSuchBucket',
      'The specified bucket does not exist',
      `<BucketName>${bucket}</BucketName>`,
    );
  }
  if (bucket === 'locked' || (bucket === 'sealed' && key !== '')) {
    return s3Error(
      403,
      'AccessDenied',
      `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform this action`,
    );
  }
  const objects = BUCKETS[bucket] ?? [];
  if (key === '') return listObjectsV2(bucket, objects, request.url.searchParams);
  return readObject(
    request,
    objects.find((o) => o.key === key),
    key,
  );
}

const s3 = fakeAwsForTests(answer);

const options = (bucket: string) => ({ bucket, endpoint: s3.endpoint, forcePathStyle: true });
const expected = (key: string) => {
  const object = SITE.find((o) => o.key === key)!;
  return { name: key, fingerprint: createHash('sha256').update(object.bytes).digest('hex'), instances: 1 };
};
const reads = (method: string) =>
  s3.requests
    .filter((r) => r.method === method && !r.url.searchParams.has('list-type'))
    .map((r) => decodeURIComponent(r.url.pathname.slice('/site/'.length)));

test('each object’s SHA-256: from a full-object checksum, else by hashing its bytes; never the ETag', async () => {
  const result = await s3RunningArtifacts(options('site'));
  assert.deepEqual(result.artifacts, [
    expected('assets/app.js'),
    expected('assets/logo.svg'),
    expected('docs/read me ü.txt'),
    expected('index.html'),
    expected('release/app.tar.gz'),
  ]);
  assert.deepEqual(
    result.skipped.map((s) => s.name),
    ['assets/', 'gone.txt', 'iso/huge.iso'],
  );
  assert.match(result.skipped[2]?.reason ?? '', /over the 5368709120-byte limit/);

  const lists = s3.requests.filter((r) => r.url.searchParams.get('list-type') === '2');
  assert.deepEqual(
    lists.map((r) => r.url.searchParams.has('continuation-token')),
    [false, true, true],
    'three pages, following NextContinuationToken',
  );
  // The listing says which objects have a SHA256 checksum: only those are asked for it.
  assert.deepEqual(reads('HEAD').sort(), ['assets/logo.svg', 'index.html', 'release/app.tar.gz']);
  assert.ok(
    s3.requests
      .filter((r) => r.method === 'HEAD')
      .every((r) => r.headers['x-amz-checksum-mode'] === 'ENABLED'),
    'HeadObject asks for the checksum',
  );
  // The full-object checksums spare the download; the composite one does not; the huge one is never read.
  assert.deepEqual(reads('GET').sort(), [
    'assets/app.js',
    'docs/read me ü.txt',
    'gone.txt',
    'release/app.tar.gz',
  ]);
  assertSigV4Signed(s3.requests, 's3');
});

test('a prefix narrows the listing; maxObjectBytes skips what would have to be downloaded', async () => {
  const result = await s3RunningArtifacts({ ...options('site'), prefix: 'assets/', maxObjectBytes: 1024 });
  assert.deepEqual(
    result.artifacts,
    [expected('assets/logo.svg')],
    'its size does not matter: S3 holds its digest',
  );
  assert.deepEqual(
    result.skipped.map((s) => s.name),
    ['assets/', 'assets/app.js'],
  );
  assert.deepEqual(reads('GET'), []);
  assert.equal(s3.requests[0]?.url.searchParams.get('prefix'), 'assets/');

  await assertFailsWith(s3RunningArtifacts({ ...options('site'), maxObjects: 4 }), 'bad_request', [
    'more than 4 objects',
    'bucket "site"',
  ]);
});

test('S3 errors: no such bucket, listing and reading refused, no answer', async () => {
  await assertFailsWith(s3RunningArtifacts(options('missing')), 'not_found', [
    'bucket "missing"',
    'NoSuchBucket',
  ]);
  await assertFailsWith(s3RunningArtifacts(options('locked')), 'unauthorized', [
    's3:ListBucket',
    'AccessDenied',
  ]);
  await assertFailsWith(s3RunningArtifacts(options('sealed')), 'unauthorized', [
    's3:GetObject',
    'secret.bin',
  ]);
  await assertUnreachable((endpoint) =>
    s3RunningArtifacts({ bucket: 'site', endpoint, forcePathStyle: true }),
  );
});
