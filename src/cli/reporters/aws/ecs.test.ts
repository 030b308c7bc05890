// The ECS reporter against a fake ECS on 127.0.0.1 speaking the service's protocol: AWS JSON 1.1,
// `POST /` with `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>`, errors as
// `{"__type": …, "message": …}` with HTTP 400 (ECS API Reference, "Making API requests", "Common
// errors"). The task documents follow the DescribeTasks example of the AWS CLI reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecsRunningArtifacts } from './ecs.ts';
import {
  ACCOUNT,
  FAKE_REGION,
  assertFailsWith,
  assertSigV4Signed,
  assertUnreachable,
  awsJsonAnswer,
  awsJsonError,
  sha256Of,
  fakeAwsForTests,
  type Answer,
  type SeenRequest,
} from './fakeAws.ts';

const REGISTRY = `${ACCOUNT}.dkr.ecr.${FAKE_REGION}.amazonaws.com`;
const digest = (label: string) => `sha256:${sha256Of(label).hex}`;
const WEB_OLD = { image: `${REGISTRY}/web:1.4.2`, imageDigest: digest('web 1.4.2') };
const WEB_NEW = { image: `${REGISTRY}/web:1.5.0`, imageDigest: digest('web 1.5.0') };
const OTEL = {
  image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
  imageDigest: digest('otel'),
};
const WORKER = { image: `${REGISTRY}/worker:2.0.0`, imageDigest: digest('worker') };
const MIGRATE = { image: `${REGISTRY}/migrate:2.0.0`, imageDigest: digest('migrate') };

interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly imageDigest?: string;
  readonly lastStatus: string;
}

interface TaskSpec {
  readonly id: string;
  readonly service: string;
  readonly lastStatus: string;
  readonly containers: readonly ContainerSpec[];
}

const taskArn = (cluster: string, id: string) =>
  `arn:aws:ecs:${FAKE_REGION}:${ACCOUNT}:task/${cluster}/${id}`;

/** A task as DescribeTasks returns it, with the fields a Fargate task has. */
function describedTask(cluster: string, spec: TaskSpec): Record<string, unknown> {
  const arn = taskArn(cluster, spec.id);
  const pending = spec.lastStatus !== 'RUNNING';
  return {
    attachments: [
      {
        id: `${spec.id.slice(0, 8)}-5678-90ab-cdef-33333EXAMPLE`,
        type: 'ElasticNetworkInterface',
        status: 'ATTACHED',
        details: [
          { name: 'subnetId', value: 'subnet-12344321' },
          { name: 'networkInterfaceId', value: 'eni-12344321' },
          { name: 'macAddress', value: '0a:90:09:84:f9:14' },
          { name: 'privateIPv4Address', value: '10.0.0.4' },
        ],
      },
    ],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: `${FAKE_REGION}b`,
    clusterArn: `arn:aws:ecs:${FAKE_REGION}:${ACCOUNT}:cluster/${cluster}`,
    connectivity: 'CONNECTED',
    connectivityAt: 1557134016.971,
    containers: spec.containers.map((c, i) => ({
      containerArn: `arn:aws:ecs:${FAKE_REGION}:${ACCOUNT}:container/${cluster}/${spec.id}/a1b2c3d4-${i}`,
      taskArn: arn,
      name: c.name,
      image: c.image,
      ...(c.imageDigest !== undefined && { imageDigest: c.imageDigest }),
      runtimeId: `${spec.id}-${i}`,
      lastStatus: c.lastStatus,
      ...(c.lastStatus === 'STOPPED' && { exitCode: 0 }),
      networkBindings: [],
      networkInterfaces: [
        { attachmentId: 'a1b2c3d4-5678-90ab-cdef-22222EXAMPLE', privateIpv4Address: '10.0.0.4' },
      ],
      healthStatus: 'UNKNOWN',
      cpu: '0',
      memory: '512',
    })),
    cpu: '256',
    createdAt: 1557134011.644,
    desiredStatus: 'RUNNING',
    enableExecuteCommand: false,
    ephemeralStorage: { sizeInGiB: 20 },
    group: `service:${spec.service}`,
    healthStatus: 'UNKNOWN',
    lastStatus: spec.lastStatus,
    launchType: 'FARGATE',
    memory: '512',
    overrides: {
      containerOverrides: spec.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    ...(!pending && {
      pullStartedAt: 1557134025.379,
      pullStoppedAt: 1557134033.379,
      startedAt: 1557134035.379,
    }),
    startedBy: `ecs-svc/${sha256Of(spec.service).hex.slice(0, 19)}`,
    tags: [],
    taskArn: arn,
    taskDefinitionArn: `arn:aws:ecs:${FAKE_REGION}:${ACCOUNT}:task-definition/${spec.service}:7`,
    version: pending ? 2 : 4,
  };
}

// Cluster "prod": 200 tasks of the old web release with an OpenTelemetry sidecar, 3 of the new one
// (one still provisioning, its image not pulled yet), 2 workers whose init container has exited, and
// one task that stops between ListTasks and DescribeTasks. 206 tasks: three pages of ListTasks and
// three DescribeTasks batches.
const running = (name: string, image: { image: string; imageDigest: string }): ContainerSpec => ({
  name,
  ...image,
  lastStatus: 'RUNNING',
});
const PROD: TaskSpec[] = [
  ...Array.from({ length: 200 }, (_, i) => ({
    id: `a${String(i).padStart(31, '0')}`,
    service: 'web',
    lastStatus: 'RUNNING',
    containers: [running('web', WEB_OLD), running('otel', OTEL)],
  })),
  ...['b1', 'b2'].map((id) => ({
    id: id.padEnd(32, '0'),
    service: 'web',
    lastStatus: 'RUNNING',
    containers: [running('web', WEB_NEW), running('otel', OTEL)],
  })),
  {
    id: 'b3'.padEnd(32, '0'),
    service: 'web',
    lastStatus: 'PROVISIONING',
    containers: [
      { name: 'web', image: WEB_NEW.image, lastStatus: 'PENDING' },
      { name: 'otel', image: OTEL.image, lastStatus: 'PENDING' },
    ],
  },
  ...['c1', 'c2'].map((id) => ({
    id: id.padEnd(32, '0'),
    service: 'worker',
    lastStatus: 'RUNNING',
    containers: [running('worker', WORKER), { name: 'migrate', ...MIGRATE, lastStatus: 'STOPPED' }],
  })),
];
const GONE = 'd'.repeat(32);

/** What the fake answers for each operation, by cluster: "prod" has tasks, the others fail. */
function answer(request: SeenRequest): Answer {
  assert.equal(request.method, 'POST');
  assert.equal(request.url.pathname, '/');
  assert.equal(request.headers['content-type'], 'application/x-amz-json-1.1');
  const target = String(request.headers['x-amz-target']);
  const input = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  const cluster = String(input.cluster);
  if (cluster === 'missing') return awsJsonError('ClusterNotFoundException', 'Cluster not found.');
  if (cluster === 'locked') {
    return awsJsonError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: ecs:ListTasks on resource: ` +
        `arn:aws:ecs:${FAKE_REGION}:${ACCOUNT}:container-instance/locked/* because no identity-based policy allows the ecs:ListTasks action`,
    );
  }
  if (cluster === 'expired')
    return awsJsonError('ExpiredTokenException', 'The security token included in the request is expired');
  if (target === 'AmazonEC2ContainerServiceV20141113.ListTasks') return listTasks(cluster, input);
  if (target === 'AmazonEC2ContainerServiceV20141113.DescribeTasks') return describeTasks(cluster, input);
  return awsJsonError('UnknownOperationException', `no ${target} here`);
}

function listTasks(cluster: string, input: Record<string, unknown>): Answer {
  assert.equal(input.desiredStatus, 'RUNNING');
  const service = input.serviceName;
  if (service !== undefined && !PROD.some((t) => t.service === service)) {
    return awsJsonError('ServiceNotFoundException', 'Service not found.');
  }
  const arns = [
    ...PROD.filter((t) => service === undefined || t.service === service).map((t) => taskArn(cluster, t.id)),
    ...(service === undefined ? [taskArn(cluster, GONE)] : []),
  ];
  const pageSize = Number(input.maxResults ?? 100);
  assert.ok(pageSize >= 1 && pageSize <= 100, 'maxResults is 1..100');
  // The token is opaque to the client: here, the offset of the next page.
  const token = input.nextToken;
  const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString()) : 0;
  const end = start + pageSize;
  return awsJsonAnswer({
    taskArns: arns.slice(start, end),
    ...(end < arns.length && { nextToken: Buffer.from(String(end)).toString('base64') }),
  });
}

function describeTasks(cluster: string, input: Record<string, unknown>): Answer {
  const asked = input.tasks as string[];
  assert.ok(asked.length >= 1 && asked.length <= 100, 'DescribeTasks takes 1 to 100 tasks');
  const byArn = new Map(PROD.map((t) => [taskArn(cluster, t.id), t]));
  const found = asked.flatMap((arn) => {
    const spec = byArn.get(arn);
    return spec === undefined ? [] : [describedTask(cluster, spec)];
  });
  const failures = asked.filter((arn) => !byArn.has(arn)).map((arn) => ({ arn, reason: 'MISSING' }));
  return awsJsonAnswer({ tasks: found, failures });
}

const ecs = fakeAwsForTests(answer);

const fingerprint = (image: { imageDigest: string }) => image.imageDigest.replace('sha256:', '');

test('every running container image of a cluster, counted per image and digest, over paginated calls', async () => {
  const result = await ecsRunningArtifacts({ cluster: 'prod', endpoint: ecs.endpoint });
  assert.deepEqual(result.artifacts, [
    { name: WEB_OLD.image, fingerprint: fingerprint(WEB_OLD), instances: 200 },
    { name: WEB_NEW.image, fingerprint: fingerprint(WEB_NEW), instances: 2 },
    { name: WORKER.image, fingerprint: fingerprint(WORKER), instances: 2 },
    { name: OTEL.image, fingerprint: fingerprint(OTEL), instances: 202 },
  ]);
  assert.deepEqual(
    result.skipped.map((s) => s.name),
    [MIGRATE.image, WEB_NEW.image, OTEL.image],
  );
  assert.match(result.skipped[0]?.reason ?? '', /stopped/);
  assert.match(result.skipped[1]?.reason ?? '', /no image digest yet \(PENDING/);

  const targets = ecs.requests.map((r) => String(r.headers['x-amz-target']).split('.')[1]);
  assert.deepEqual(targets, [
    'ListTasks',
    'ListTasks',
    'ListTasks',
    'DescribeTasks',
    'DescribeTasks',
    'DescribeTasks',
  ]);
  const bodies = ecs.requests.map((r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>);
  assert.deepEqual(
    bodies.slice(0, 3).map((b) => b.nextToken !== undefined),
    [false, true, true],
    'the second and third ListTasks carry the nextToken',
  );
  assert.deepEqual(
    bodies.slice(3).map((b) => (b.tasks as unknown[]).length),
    [100, 100, 6],
  );
  assertSigV4Signed(ecs.requests, 'ecs');
});

test('with serviceNames, only those services’ tasks (ListTasks serviceName)', async () => {
  const result = await ecsRunningArtifacts({
    cluster: 'prod',
    serviceNames: ['worker'],
    endpoint: ecs.endpoint,
  });
  assert.deepEqual(result.artifacts, [
    { name: WORKER.image, fingerprint: fingerprint(WORKER), instances: 2 },
  ]);
  const first = JSON.parse(ecs.requests[0]!.body.toString('utf8')) as Record<string, unknown>;
  assert.deepEqual(first, {
    cluster: 'prod',
    desiredStatus: 'RUNNING',
    maxResults: 100,
    serviceName: 'worker',
  });

  await assertFailsWith(
    ecsRunningArtifacts({ cluster: 'prod', serviceNames: ['nope'], endpoint: ecs.endpoint }),
    'not_found',
    ['service "nope"', 'ServiceNotFoundException'],
  );
});

test('ECS errors: unknown cluster, refused and expired credentials, no answer', async () => {
  await assertFailsWith(ecsRunningArtifacts({ cluster: 'missing', endpoint: ecs.endpoint }), 'not_found', [
    'cluster "missing"',
    'ClusterNotFoundException',
  ]);
  await assertFailsWith(ecsRunningArtifacts({ cluster: 'locked', endpoint: ecs.endpoint }), 'unauthorized', [
    'ecs:ListTasks',
    'AccessDeniedException',
  ]);
  await assertFailsWith(ecsRunningArtifacts({ cluster: 'expired', endpoint: ecs.endpoint }), 'unauthorized', [
    'expired',
  ]);
  await assertUnreachable((endpoint) => ecsRunningArtifacts({ cluster: 'prod', endpoint }));
});
