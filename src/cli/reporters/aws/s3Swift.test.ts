// The S3 reporter against a real S3 implementation: OpenStack Swift's s3api middleware (Debian's
// swift packages), one node on loopback ports — proxy, account, container and object servers — with
// tempauth's user test:tester, whose S3 access key is "test:tester" and secret "testing" (Swift docs,
// "S3/Swift REST API Comparison Matrix", s3api middleware). Swift 2.30 keeps no x-amz-checksum-*, so
// every object takes the download-and-hash path; s3api's max_bucket_listing = 2 makes the listing page.
// tempauth needs memcached. Skipped with a notice where swift is not installed; under CI=true that is a
// failure (.ci/run installs it).
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertFailsWith, freeLoopbackPort, useFakeAwsEnvironment } from './fakeAws.ts';
import { mergeRunning } from '../reporterResult.ts';
import { s3RunningArtifacts } from './s3.ts';

const SERVERS = ['account', 'container', 'object', 'proxy'] as const;
const binary = (server: string) => `/usr/bin/swift-${server}-server`;
const MEMCACHED = '/usr/bin/memcached';
const NEEDED = [...SERVERS.map(binary), '/usr/bin/swift-ring-builder', MEMCACHED];
const skip = NEEDED.every((b) => existsSync(b))
  ? false
  : 'swift or memcached not installed (apt-get install swift swift-proxy swift-account swift-container swift-object memcached)';
if (skip !== false && process.env.CI === 'true') throw new Error(`CI needs the real S3 server: ${skip}`);
if (skip !== false) console.warn(`\n*** ${skip}: the real-S3 test is SKIPPED ***\n`);

useFakeAwsEnvironment('test:tester', 'testing');

const dir = mkdtempSync(join(tmpdir(), 'evident-swift-'));
const children: ChildProcess[] = [];
let endpoint = '';

/** The proxy's pipeline: s3api before tempauth, which keeps its tokens in memcached (`cache`). */
const PIPELINE =
  'catch_errors gatekeeper proxy_logging cache listing_formats s3api tempauth copy slo dlo proxy_logging';
const PLAIN_FILTERS = [
  'catch_errors',
  'gatekeeper',
  'proxy_logging',
  'listing_formats',
  'copy',
  'slo',
  'dlo',
];

/** Rings, configs, memcached and the four servers of a one-node Swift (Swift docs, "SAIO"). */
async function startSwift(): Promise<string> {
  mkdirSync(join(dir, 'srv', 'd1'), { recursive: true });
  writeFileSync(
    join(dir, 'swift.conf'),
    '[swift-hash]\nswift_hash_path_suffix = evident\nswift_hash_path_prefix = evident\n' +
      '[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
  );
  const ports = { account: 0, container: 0, object: 0, proxy: 0, memcached: 0 };
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freeLoopbackPort();
  const common = `bind_ip = 127.0.0.1\nswift_dir = ${dir}\nworkers = 0\nlog_level = WARNING\n`;
  for (const ring of ['account', 'container', 'object'] as const) {
    const builder = join(dir, `${ring}.builder`);
    execFileSync('swift-ring-builder', [builder, 'create', '6', '1', '1']);
    execFileSync('swift-ring-builder', [builder, 'add', `r1z1-127.0.0.1:${ports[ring]}/d1`, '100']);
    execFileSync('swift-ring-builder', [builder, 'rebalance']);
    writeFileSync(
      join(dir, `${ring}-server.conf`),
      `[DEFAULT]\n${common}bind_port = ${ports[ring]}\ndevices = ${join(dir, 'srv')}\nmount_check = false\n` +
        `[pipeline:main]\npipeline = ${ring}-server\n[app:${ring}-server]\nuse = egg:swift#${ring}\n`,
    );
  }
  writeFileSync(
    join(dir, 'proxy-server.conf'),
    `[DEFAULT]\n${common}bind_port = ${ports.proxy}\n[pipeline:main]\npipeline = ${PIPELINE} proxy-server\n` +
      `[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n` +
      `[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:${ports.memcached}\n` +
      `[filter:tempauth]\nuse = egg:swift#tempauth\nuser_test_tester = testing .admin\n` +
      `[filter:s3api]\nuse = egg:swift#s3api\nlocation = eu-west-1\nmax_bucket_listing = 2\n` +
      PLAIN_FILTERS.map((f) => `[filter:${f}]\nuse = egg:swift#${f}\n`).join(''),
  );
  const log = openSync(join(dir, 'swift.log'), 'w');
  const start = (command: string, args: string[]) =>
    children.push(spawn(command, args, { stdio: ['ignore', log, log] }));
  start(MEMCACHED, ['-l', '127.0.0.1', '-p', String(ports.memcached), '-U', '0', '-u', userInfo().username]);
  for (const server of SERVERS) start(binary(server), [join(dir, `${server}-server.conf`), '--verbose']);
  closeSync(log);
  // Up when every Swift server answers HTTP at all.
  for (let i = 0; i < 300; i++) {
    const answers = await Promise.all(
      SERVERS.map((s) =>
        fetch(`http://127.0.0.1:${ports[s]}/healthcheck`).then(
          () => true,
          () => false,
        ),
      ),
    );
    if (answers.every(Boolean)) return `http://127.0.0.1:${ports.proxy}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`swift did not start:\n${readFileSync(join(dir, 'swift.log'), 'utf8')}`);
}

const objects = new Map<string, Buffer>([
  ['releases/app-1.0.tar.gz', randomBytes(2 * 1024 * 1024)],
  ['releases/notes/café.md', Buffer.from('# Café release notes\n')],
  ['releases/notes/README.md', Buffer.from('Read me.\n')],
  ['site/index.html', Buffer.from('<!doctype html>\n')],
]);
const MULTIPART_KEY = 'releases/app-1.0-full.tar.gz';
const multipart = [randomBytes(5 * 1024 * 1024), randomBytes(1024)];

/** Fills bucket "artifacts" through the S3 API itself, one object by multipart upload. */
async function upload(): Promise<void> {
  const s3 = await import('@aws-sdk/client-s3');
  // Swift 2.30 predates the SDK's default CRC32 trailers on uploads: checksums only when required.
  const client = new s3.S3Client({
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new s3.CreateBucketCommand({ Bucket: 'artifacts' }));
    for (const [Key, Body] of objects)
      await client.send(new s3.PutObjectCommand({ Bucket: 'artifacts', Key, Body }));
    const { UploadId } = await client.send(
      new s3.CreateMultipartUploadCommand({ Bucket: 'artifacts', Key: MULTIPART_KEY }),
    );
    const Parts = [];
    for (const [index, Body] of multipart.entries()) {
      const PartNumber = index + 1;
      const { ETag } = await client.send(
        new s3.UploadPartCommand({ Bucket: 'artifacts', Key: MULTIPART_KEY, UploadId, PartNumber, Body }),
      );
      Parts.push({ ETag, PartNumber });
    }
    await client.send(
      new s3.CompleteMultipartUploadCommand({
        Bucket: 'artifacts',
        Key: MULTIPART_KEY,
        UploadId,
        MultipartUpload: { Parts },
      }),
    );
  } finally {
    client.destroy();
  }
}

before(async () => {
  if (skip !== false) return;
  endpoint = await startSwift();
  await upload().catch((error: unknown) => {
    throw new Error(
      `uploading to swift failed: ${String(error)}\n${readFileSync(join(dir, 'swift.log'), 'utf8')}`,
    );
  });
});

after(() => {
  for (const child of children) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('objects in a real S3 implementation (Swift s3api), hashed from their bytes', { skip }, async () => {
  const result = await s3RunningArtifacts({
    bucket: 'artifacts',
    prefix: 'releases/',
    endpoint,
    forcePathStyle: true,
  });
  const expected = [...objects, [MULTIPART_KEY, Buffer.concat(multipart)] as const]
    .filter(([key]) => key.startsWith('releases/'))
    .map(([name, bytes]) => ({ name, fingerprint: sha256(bytes), instances: 1 }));
  assert.deepEqual(result, { artifacts: mergeRunning(expected), skipped: [] });

  await assertFailsWith(
    s3RunningArtifacts({ bucket: 'nothing-here', endpoint, forcePathStyle: true }),
    'not_found',
    ['NoSuchBucket'],
  );
  process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
  try {
    await assertFailsWith(
      s3RunningArtifacts({ bucket: 'artifacts', endpoint, forcePathStyle: true }),
      'unauthorized',
      ['s3:ListBucket', 'SignatureDoesNotMatch'],
    );
  } finally {
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  }
});
