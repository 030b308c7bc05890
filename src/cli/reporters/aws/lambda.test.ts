// The Lambda reporter against a fake Lambda on 127.0.0.1 speaking the service's REST-JSON protocol
// (Lambda API Reference): ListFunctions is `GET /2015-03-31/functions/?Marker=…&MaxItems=…`,
// GetFunction `GET /2015-03-31/functions/NAME?Qualifier=…`; errors carry their type in
// `x-amzn-ErrorType` and a `{"Type": …, "Message": …}` body. The function documents follow the
// ListFunctions and GetFunction examples of the AWS CLI reference.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { lambdaRunningArtifacts } from './lambda.ts';
import {
  ACCOUNT,
  FAKE_REGION,
  assertFailsWith,
  assertSigV4Signed,
  assertUnreachable,
  restJsonAnswer,
  restJsonError,
  sha256Of,
  fakeAwsForTests,
  type Answer,
  type SeenRequest,
} from './fakeAws.ts';

const ECR = `${ACCOUNT}.dkr.ecr.${FAKE_REGION}.amazonaws.com`;

/** One deployed function: its package bytes (Zip) or image digest (Image), now and under alias "live". */
interface FunctionSpec {
  readonly name: string;
  readonly zip?: { readonly latest: string; readonly live?: string };
  readonly image?: { readonly latest: string; readonly live?: string };
}

// Stand-ins for the .zip files CI built: any bytes do, the fingerprint is their SHA-256.
const FUNCTIONS: FunctionSpec[] = [
  { name: 'billing-report', zip: { latest: 'PK\u0003\u0004 billing-report 3.1.0' } },
  {
    name: 'orders-api',
    zip: { latest: 'PK\u0003\u0004 orders-api 2.4.0', live: 'PK\u0003\u0004 orders-api 2.3.9' },
  },
  {
    name: 'orders-worker',
    zip: { latest: 'PK\u0003\u0004 orders-worker 2.4.0', live: 'PK\u0003\u0004 orders-worker 2.4.0' },
  },
  {
    name: 'thumbnailer',
    image: { latest: sha256Of('thumbnailer 1.1').hex, live: sha256Of('thumbnailer 1.0').hex },
  },
  { name: 'video-transcoder', image: { latest: sha256Of('video-transcoder 0.9').hex } },
];

const functionArn = (name: string, qualifier?: string) =>
  `arn:aws:lambda:${FAKE_REGION}:${ACCOUNT}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;

/** A FunctionConfiguration as ListFunctions and GetFunction return it. */
function configuration(spec: FunctionSpec, version: string, withState: boolean): Record<string, unknown> {
  const zip = version === '$LATEST' ? spec.zip?.latest : spec.zip?.live;
  const image = version === '$LATEST' ? spec.image?.latest : spec.image?.live;
  return {
    FunctionName: spec.name,
    FunctionArn: functionArn(spec.name, version === '$LATEST' ? undefined : version),
    ...(zip !== undefined && { Runtime: 'nodejs20.x', Handler: 'index.handler' }),
    Role: `arn:aws:iam::${ACCOUNT}:role/service-role/${spec.name}-role-7a8b9c`,
    CodeSize: zip === undefined ? 0 : Buffer.byteLength(zip),
    Description: '',
    Timeout: 30,
    MemorySize: 1024,
    LastModified: '2025-03-18T09:41:07.113+0000',
    // Base64 of the package's SHA-256 for Zip; for an image Lambda sends the image digest's hex.
    CodeSha256: zip === undefined ? (image ?? '') : sha256Of(zip).base64,
    Version: version,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: '88ebe1e1-bfdf-4dc3-84de-3017268fa1ff',
    PackageType: zip === undefined ? 'Image' : 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${spec.name}` },
    ...(withState && { State: 'Active', LastUpdateStatus: 'Successful' }),
  };
}

let failure: Answer | undefined;

// The API Reference writes ListFunctions as `GET /2015-03-31/functions/`; the SDK's model has no
// trailing slash. Lambda answers both.
const isListFunctions = (request: SeenRequest) => /^\/2015-03-31\/functions\/?$/.test(request.url.pathname);

function answer(request: SeenRequest): Answer {
  assert.equal(request.method, 'GET');
  if (failure !== undefined) return failure;
  const path = request.url.pathname;
  if (isListFunctions(request)) return listFunctions(request.url.searchParams);
  const name = decodeURIComponent(path.slice('/2015-03-31/functions/'.length));
  const spec = FUNCTIONS.find((f) => f.name === name);
  const qualifier = request.url.searchParams.get('Qualifier') ?? '$LATEST';
  if (spec === undefined || (qualifier !== '$LATEST' && (spec.zip ?? spec.image)?.live === undefined)) {
    return restJsonError(
      404,
      'ResourceNotFoundException',
      `Function not found: ${functionArn(name, qualifier)}`,
    );
  }
  // An alias answers with the configuration of the version it points to.
  const version = qualifier === '$LATEST' ? '$LATEST' : '12';
  const image = qualifier === '$LATEST' ? spec.image?.latest : spec.image?.live;
  const repository = `${ECR}/${spec.name}`;
  return restJsonAnswer({
    Configuration: configuration(spec, version, true),
    Code:
      image === undefined
        ? {
            RepositoryType: 'S3',
            Location: `https://awslambda-${FAKE_REGION}-tasks.s3.${FAKE_REGION}.amazonaws.com/snapshots/${ACCOUNT}/${spec.name}-4b2a?versionId=3Hk7`,
          }
        : {
            RepositoryType: 'ECR',
            ImageUri: `${repository}:latest`,
            ResolvedImageUri: `${repository}@sha256:${image}`,
          },
    Tags: { team: 'orders' },
  });
}

/** Two functions a page: Lambda may return fewer than MaxItems, the client follows NextMarker. */
function listFunctions(query: URLSearchParams): Answer {
  const maxItems = Number(query.get('MaxItems') ?? 50);
  assert.ok(maxItems >= 1 && maxItems <= 50, 'MaxItems is 1..50');
  const start = Number(query.get('Marker') ?? 0);
  const end = start + Math.min(2, maxItems);
  return restJsonAnswer({
    Functions: FUNCTIONS.slice(start, end).map((spec) => configuration(spec, '$LATEST', false)),
    ...(end < FUNCTIONS.length && { NextMarker: String(end) }),
  });
}

const lambda = fakeAwsForTests(answer);
beforeEach(() => {
  failure = undefined;
});

const zipFingerprint = (bytes: string) => sha256Of(bytes).hex;

test('each function’s $LATEST: CodeSha256 as hex for Zip packages, the resolved image digest for images', async () => {
  const result = await lambdaRunningArtifacts({ endpoint: lambda.endpoint });
  assert.deepEqual(result.artifacts, [
    {
      name: 'billing-report',
      fingerprint: zipFingerprint('PK\u0003\u0004 billing-report 3.1.0'),
      instances: 1,
    },
    { name: 'orders-api', fingerprint: zipFingerprint('PK\u0003\u0004 orders-api 2.4.0'), instances: 1 },
    {
      name: 'orders-worker',
      fingerprint: zipFingerprint('PK\u0003\u0004 orders-worker 2.4.0'),
      instances: 1,
    },
    { name: 'thumbnailer', fingerprint: sha256Of('thumbnailer 1.1').hex, instances: 1 },
    { name: 'video-transcoder', fingerprint: sha256Of('video-transcoder 0.9').hex, instances: 1 },
  ]);
  assert.deepEqual(result.skipped, []);
  const lists = lambda.requests.filter(isListFunctions);
  assert.deepEqual(
    lists.map((r) => r.url.searchParams.get('Marker')),
    [null, '2', '4'],
    'three pages, following NextMarker',
  );
  assert.deepEqual(
    lambda.requests.filter((r) => !lists.includes(r)).map((r) => r.url.pathname),
    ['/2015-03-31/functions/thumbnailer', '/2015-03-31/functions/video-transcoder'],
    'GetFunction only for the image functions',
  );
  assertSigV4Signed(lambda.requests, 'lambda');
});

test('prefix and functionNames select functions; a named function that does not exist is skipped', async () => {
  const byPrefix = await lambdaRunningArtifacts({ prefix: 'orders-', endpoint: lambda.endpoint });
  assert.deepEqual(
    byPrefix.artifacts.map((a) => a.name),
    ['orders-api', 'orders-worker'],
  );
  const byName = await lambdaRunningArtifacts({
    functionNames: ['thumbnailer', functionArn('billing-report'), 'no-such-function'],
    endpoint: lambda.endpoint,
  });
  assert.deepEqual(
    byName.artifacts.map((a) => a.name),
    ['billing-report', 'thumbnailer'],
  );
  assert.deepEqual(
    byName.skipped.map((s) => s.name),
    ['no-such-function'],
  );
});

test('with an alias, the version it points to, named NAME:ALIAS; functions without it are skipped', async () => {
  const result = await lambdaRunningArtifacts({ alias: 'live', endpoint: lambda.endpoint });
  assert.deepEqual(result.artifacts, [
    { name: 'orders-api:live', fingerprint: zipFingerprint('PK\u0003\u0004 orders-api 2.3.9'), instances: 1 },
    {
      name: 'orders-worker:live',
      fingerprint: zipFingerprint('PK\u0003\u0004 orders-worker 2.4.0'),
      instances: 1,
    },
    { name: 'thumbnailer:live', fingerprint: sha256Of('thumbnailer 1.0').hex, instances: 1 },
  ]);
  assert.deepEqual(
    result.skipped.map((s) => s.name),
    ['billing-report:live', 'video-transcoder:live'],
  );
  const gets = lambda.requests.filter((r) => !isListFunctions(r));
  assert.equal(gets.length, 5);
  assert.ok(gets.every((r) => r.url.searchParams.get('Qualifier') === 'live'));
});

test('Lambda errors: refused and unrecognised credentials, throttling, no answer', async () => {
  failure = restJsonError(
    403,
    'AccessDeniedException',
    `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action`,
  );
  await assertFailsWith(lambdaRunningArtifacts({ endpoint: lambda.endpoint }), 'unauthorized', [
    'lambda:ListFunctions',
    'AccessDeniedException',
  ]);
  failure = restJsonError(
    403,
    'UnrecognizedClientException',
    'The security token included in the request is invalid.',
  );
  await assertFailsWith(lambdaRunningArtifacts({ endpoint: lambda.endpoint }), 'unauthorized', [
    'UnrecognizedClientException',
  ]);
  failure = restJsonError(429, 'TooManyRequestsException', 'Rate exceeded');
  await assertFailsWith(lambdaRunningArtifacts({ endpoint: lambda.endpoint }), 'unavailable', [
    lambda.endpoint,
  ]);
  await assertUnreachable((endpoint) => lambdaRunningArtifacts({ endpoint }));
});
