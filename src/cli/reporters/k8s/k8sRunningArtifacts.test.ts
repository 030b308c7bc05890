// The Kubernetes reporter against a real HTTP server on 127.0.0.1 that answers the pod list endpoints
// like an API server (fakeKubeApi.testdata.ts), through @kubernetes/client-node and kubeconfig files
// written here: pagination, namespace selection, kubeconfig resolution, and each failure's error code.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isEvidentError, type ErrorCode } from '../../../core/errors.ts';
import {
  closedPortUrl,
  startFakeKubeApi,
  writeKubeconfig,
  type FakeKubeApi,
} from './fakeKubeApi.testdata.ts';
import { k8sRunningArtifacts, type K8sReporterOptions } from './k8sRunningArtifacts.ts';
import { CLUSTER, CLUSTER_ARTIFACTS, CLUSTER_SKIPPED, type Json } from './pods.testdata.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZha2UifQ.evident-reporter.signature';
const dir = mkdtempSync(join(tmpdir(), 'evident-k8s-'));
let api: FakeKubeApi;
let kubeconfig: string;

before(async () => {
  api = await startFakeKubeApi(TOKEN, CLUSTER);
  kubeconfig = writeKubeconfig(dir, 'config', [{ name: 'kind-evident', server: api.url, token: TOKEN }]);
});

after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the reporter with the fake cluster's kubeconfig and returns the requests it made. */
async function report(options: K8sReporterOptions = {}) {
  api.requests.length = 0;
  const result = await k8sRunningArtifacts({ kubeconfig, ...options });
  return { result, requests: [...api.requests] };
}

/** The reporter's error, asserting its code. */
async function failure(options: K8sReporterOptions, code: ErrorCode): Promise<Error> {
  const error = await k8sRunningArtifacts(options).then(
    () => assert.fail(`expected a ${code} error`),
    (e: unknown) => e,
  );
  assert.ok(isEvidentError(error, code), `expected ${code}, got ${String(error)}`);
  return error;
}

const names = (artifacts: readonly { name: string }[]): string[] => artifacts.map((a) => a.name);

describe('reading a cluster', () => {
  test('all namespaces in one list call, paginated with limit and continue', async () => {
    const { result, requests } = await report({ pageSize: 4 });
    assert.deepEqual(result.artifacts, CLUSTER_ARTIFACTS);
    assert.deepEqual(result.skipped, CLUSTER_SKIPPED);

    // 11 pods in pages of 4: three requests, the later two carrying the previous page's token.
    assert.deepEqual(
      requests.map((r) => r.path),
      ['/api/v1/pods', '/api/v1/pods', '/api/v1/pods'],
    );
    assert.deepEqual(
      requests.map((r) => r.query.get('limit')),
      ['4', '4', '4'],
    );
    assert.equal(requests[0]?.query.get('continue'), null);
    assert.ok(requests[1]?.query.get('continue'));
    assert.ok(requests[2]?.query.get('continue'));
    assert.notEqual(requests[1]?.query.get('continue'), requests[2]?.query.get('continue'));
    assert.ok(requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
  });

  test('the default page size is 500, so a small cluster is one request', async () => {
    const { result, requests } = await report();
    assert.deepEqual(result.artifacts, CLUSTER_ARTIFACTS);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.query.get('limit'), '500');
  });

  test('a continue token that expired (410 Gone) restarts the list, so no pod is counted twice', async () => {
    api.expireNextContinue = true;
    const { result, requests } = await report({ pageSize: 4 });
    assert.deepEqual(result.artifacts, CLUSTER_ARTIFACTS);
    assert.deepEqual(result.skipped, CLUSTER_SKIPPED);
    // page 1, page 2 → 410, then page 1, 2, 3 again.
    assert.deepEqual(
      requests.map((r) => r.query.get('continue') !== null),
      [false, true, false, true, true],
    );
  });
});

describe('choosing namespaces', () => {
  test('an include list lists each namespace on its own, paginated too', async () => {
    const { result, requests } = await report({ namespaces: ['payments', 'kube-system'], pageSize: 2 });
    assert.deepEqual(names(result.artifacts), [
      'envoyproxy/envoy:v1.31.2',
      'fluent/fluent-bit:3.1.9',
      'ghcr.io/acme/payments-api:1.4.2',
      'ghcr.io/acme/payments-worker:1.4.2',
      'quay.io/acme/ledger-sync:0.9.0',
      'registry.k8s.io/coredns/coredns:v1.11.1',
    ]);
    assert.equal(result.artifacts.find((a) => a.name === 'ghcr.io/acme/payments-api:1.4.2')?.instances, 3);
    assert.deepEqual(names(result.skipped), ['ghcr.io/acme/checkout:2.0.0-rc1']);
    // payments holds 6 pods: 3 pages of 2; kube-system 1 pod: one page. Never the cluster-wide path.
    assert.deepEqual(
      requests.map((r) => r.path),
      [
        '/api/v1/namespaces/payments/pods',
        '/api/v1/namespaces/payments/pods',
        '/api/v1/namespaces/payments/pods',
        '/api/v1/namespaces/kube-system/pods',
      ],
    );
  });

  test('excluded namespaces are left out', async () => {
    const { result } = await report({ excludeNamespaces: ['kube-system', 'dev'] });
    assert.ok(!names(result.artifacts).includes('registry.k8s.io/coredns/coredns:v1.11.1'));
    assert.deepEqual(names(result.skipped), ['ghcr.io/acme/checkout:2.0.0-rc1']);
    assert.equal(result.artifacts.length, CLUSTER_ARTIFACTS.length - 1);
  });

  test('an exclusion wins over an inclusion, and an excluded namespace is not even listed', async () => {
    const { result, requests } = await report({
      namespaces: ['payments', 'kube-system'],
      excludeNamespaces: ['kube-system'],
    });
    assert.deepEqual(
      requests.map((r) => r.path),
      ['/api/v1/namespaces/payments/pods'],
    );
    assert.ok(!names(result.artifacts).includes('registry.k8s.io/coredns/coredns:v1.11.1'));
  });

  test('regular expressions select namespaces by their whole name', async () => {
    const exact = await report({ namespaceRegex: 'payments' });
    assert.ok(names(exact.result.artifacts).includes('ghcr.io/acme/payments-api:1.4.2'));
    assert.ok(
      !names(exact.result.artifacts).includes('ghcr.io/acme/payments-api:1.5.0-rc1'),
      'not payments-staging',
    );
    assert.ok(!names(exact.result.artifacts).includes('registry.k8s.io/coredns/coredns:v1.11.1'));

    const prefix = await report({ namespaceRegex: 'payments.*' });
    assert.ok(names(prefix.result.artifacts).includes('ghcr.io/acme/payments-api:1.5.0-rc1'));
    assert.equal(prefix.requests.length, 1, 'one cluster-wide call, filtered here');

    const excluded = await report({ excludeNamespaceRegex: 'kube-.*|dev' });
    assert.ok(!names(excluded.result.artifacts).includes('registry.k8s.io/coredns/coredns:v1.11.1'));
    assert.deepEqual(names(excluded.result.skipped), ['ghcr.io/acme/checkout:2.0.0-rc1']);

    const both = await report({
      namespaces: ['payments', 'payments-staging', 'dev'],
      excludeNamespaceRegex: '.*-staging',
    });
    assert.deepEqual(
      both.requests.map((r) => r.path),
      ['/api/v1/namespaces/payments/pods', '/api/v1/namespaces/dev/pods'],
    );
  });

  test('invalid selections are bad requests, found before any request', async () => {
    api.requests.length = 0;
    const regex = await failure({ kubeconfig, namespaceRegex: 'payments-(' }, 'bad_request');
    assert.match(regex.message, /namespaceRegex: "payments-\(" is not a valid regular expression/);
    const exclude = await failure({ kubeconfig, excludeNamespaceRegex: '[z-a]' }, 'bad_request');
    assert.match(exclude.message, /excludeNamespaceRegex/);
    const name = await failure({ kubeconfig, namespaces: ['Payments'] }, 'bad_request');
    assert.match(name.message, /"Payments" is not a namespace name/);
    await failure({ kubeconfig, excludeNamespaces: ['kube_system'] }, 'bad_request');
    await failure({ kubeconfig, namespaces: [] }, 'bad_request');
    await failure({ kubeconfig, pageSize: 0 }, 'bad_request');
    await failure({ kubeconfig, pageSize: 2.5 }, 'bad_request');
    assert.equal(api.requests.length, 0);
  });
});

describe('kubeconfig', () => {
  test('a kubeconfig that does not exist', async () => {
    const missing = join(dir, 'nope', 'config');
    const error = await failure({ kubeconfig: missing }, 'bad_request');
    assert.match(error.message, /kubeconfig .*nope.config does not exist/);
  });

  test('a kubeconfig that is not one', async () => {
    const garbage = join(dir, 'garbage');
    mkdirSync(garbage, { recursive: true });
    writeFileSync(join(garbage, 'config'), 'clusters: [ {name: \n');
    await failure({ kubeconfig: join(garbage, 'config') }, 'bad_request');
  });

  test('a kubeconfig without a current context, unless one is named', async () => {
    const file = writeKubeconfig(
      dir,
      'no-current',
      [{ name: 'kind-evident', server: api.url, token: TOKEN }],
      null,
    );
    const error = await failure({ kubeconfig: file }, 'bad_request');
    assert.match(error.message, /has no current-context.*kind-evident/);
    const { artifacts } = await k8sRunningArtifacts({ kubeconfig: file, context: 'kind-evident' });
    assert.deepEqual(artifacts, CLUSTER_ARTIFACTS);
  });

  test('a context that the kubeconfig does not define', async () => {
    const error = await failure({ kubeconfig, context: 'prod-eu' }, 'bad_request');
    assert.match(error.message, /no context "prod-eu": it defines kind-evident/);
  });

  test('the context option picks another context than the current one', async () => {
    const file = writeKubeconfig(
      dir,
      'two-contexts',
      [
        { name: 'gone', server: await closedPortUrl(), token: TOKEN },
        { name: 'kind-evident', server: api.url, token: TOKEN },
      ],
      'gone',
    );
    await failure({ kubeconfig: file }, 'unavailable');
    const { artifacts } = await k8sRunningArtifacts({ kubeconfig: file, context: 'kind-evident' });
    assert.deepEqual(artifacts, CLUSTER_ARTIFACTS);
  });

  test('plain http without insecure-skip-tls-verify, which the client refuses', async () => {
    const file = writeKubeconfig(dir, 'http-verify', [
      { name: 'kind-evident', server: api.url, token: TOKEN, insecureSkipTlsVerify: false },
    ]);
    const error = await failure({ kubeconfig: file }, 'bad_request');
    assert.match(error.message, /plain http/);
  });

  test('without a kubeconfig option: $KUBECONFIG (missing files skipped), else ~/.kube/config', async () => {
    const saved = {
      KUBECONFIG: process.env.KUBECONFIG,
      HOME: process.env.HOME,
      KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    };
    const restore = (name: keyof typeof saved): void => {
      const value = saved[name];
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    };
    try {
      delete process.env.KUBERNETES_SERVICE_HOST;
      const home = join(dir, 'home');
      mkdirSync(join(home, '.kube'), { recursive: true });
      process.env.HOME = home;

      process.env.KUBECONFIG = [join(dir, 'absent'), kubeconfig].join(delimiter);
      assert.deepEqual((await k8sRunningArtifacts()).artifacts, CLUSTER_ARTIFACTS);

      process.env.KUBECONFIG = join(dir, 'absent');
      await failure({}, 'bad_request');

      delete process.env.KUBECONFIG;
      const none = await failure({}, 'bad_request');
      assert.match(none.message, /no kubeconfig: .*\.kube.config does not exist/);

      writeKubeconfig(join(home, '.kube'), 'config', [
        { name: 'kind-evident', server: api.url, token: TOKEN },
      ]);
      assert.deepEqual((await k8sRunningArtifacts()).artifacts, CLUSTER_ARTIFACTS);
    } finally {
      restore('KUBECONFIG');
      restore('HOME');
      restore('KUBERNETES_SERVICE_HOST');
    }
  });
});

describe('API server failures', () => {
  test('no credentials or a wrong token: 401 is unauthorized', async () => {
    const anonymous = writeKubeconfig(dir, 'anonymous', [{ name: 'kind-evident', server: api.url }]);
    api.requests.length = 0;
    const error = await failure({ kubeconfig: anonymous }, 'unauthorized');
    assert.equal(api.requests[0]?.authorization, undefined);
    assert.match(error.message, /401 Unauthorized/);
    assert.match(error.message, /list pods/);
    assert.ok(error.message.includes(api.url), 'names the server');

    const wrong = writeKubeconfig(dir, 'wrong-token', [
      { name: 'kind-evident', server: api.url, token: 'expired' },
    ]);
    await failure({ kubeconfig: wrong }, 'unauthorized');
  });

  test('403: unauthorized, naming the RBAC permission that is missing', async () => {
    api.forbid = true;
    try {
      const cluster = await failure({ kubeconfig }, 'unauthorized');
      assert.match(cluster.message, /403 Forbidden/);
      assert.match(cluster.message, /cannot list resource "pods" in API group "" at the cluster scope/);
      assert.match(cluster.message, /verb "list" on resource "pods".*cluster-wide/);
      assert.match(cluster.message, /context "kind-evident"/);

      const namespaced = await failure({ kubeconfig, namespaces: ['payments'] }, 'unauthorized');
      assert.match(namespaced.message, /in the namespace "payments"/);
      assert.match(namespaced.message, /in namespace payments/);
    } finally {
      api.forbid = false;
    }
  });

  test('an API server that cannot be reached: unavailable, naming it', async () => {
    const server = await closedPortUrl();
    const file = writeKubeconfig(dir, 'closed', [{ name: 'gone', server, token: TOKEN }]);
    const error = await failure({ kubeconfig: file }, 'unavailable');
    assert.ok(error.message.includes(server), error.message);
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('a server error (5xx) is unavailable', async () => {
    api.failWith = 503;
    try {
      const error = await failure({ kubeconfig }, 'unavailable');
      assert.match(error.message, /503.*etcdserver: request timed out/);
    } finally {
      api.failWith = undefined;
    }
  });

  test('a server that does not answer is unavailable after the timeout', async () => {
    api.stall = true;
    try {
      const started = Date.now();
      const error = await failure({ kubeconfig, timeoutMs: 300 }, 'unavailable');
      assert.match(error.message, /did not answer within 300 ms/);
      assert.ok(Date.now() - started < 5_000);
    } finally {
      api.stall = false;
    }
  });
});

/**
 * Real pod lists from /work/shared/samples/k8s/ (provenance: its README, "Kubernetes"), checked against
 * the README's checksums and served by the fake API server.
 */
describe('real pod lists', () => {
  const SAMPLES = new URL('../../../../../shared/samples/k8s/', import.meta.url);
  const CHECKSUMS: Record<string, string> = {
    'podlist-running.json': '88a0fb03a7c60e38a7ba879069b8a6b822a0bf95737bed7a2bd9c6e03593aa2b',
    'podlist-pending-init-container-crashloop.json':
      '3be43767609812d70a39b6120ac47a3ec6b4b1d8d147fc72260703bb5904762d',
    'podlist-pending-unschedulable.json': '030de9b91d631a2a016d251b9a9d8498a41cb5139829a830dcf2d3c2acf09df8',
    'kubectl-get-pods-list.json': 'edfde4c540fca53d366469cd24ef30d76e710b877d23462ae56a12512bcf04dd',
  };
  const items = (name: string): Json[] => {
    const bytes = readFileSync(new URL(name, SAMPLES));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), CHECKSUMS[name], `${name} is unchanged`);
    return (JSON.parse(bytes.toString('utf8')) as { items: Json[] }).items;
  };

  test('running pods, an init container in a restart loop, and pending pods', async () => {
    const samples = await startFakeKubeApi(TOKEN, Object.keys(CHECKSUMS).flatMap(items));
    try {
      const file = writeKubeconfig(dir, 'samples', [{ name: 'minikube', server: samples.url, token: TOKEN }]);
      const result = await k8sRunningArtifacts({ kubeconfig: file, pageSize: 2 });
      assert.deepEqual(result.artifacts, [
        // The init container `install` waits (RunContainerError) after a failed run (lastState
        // terminated, restartCount 1): a restart loop, counted by the same rule as CrashLoopBackOff.
        {
          name: 'busybox:1.28',
          fingerprint: '141c253bc4c3fd0a201d32dc1f493bcf3fff003b6df416dea4f41046e0f37d47',
          instances: 1,
        },
        // Two pods of the kubectl List, one image: two instances, named as the spec says
        // (`itaysk/cyan`), not as containerd resolved it (`docker.io/itaysk/cyan:latest`).
        {
          name: 'itaysk/cyan',
          fingerprint: '0fcfc9231fa11b473973a68c0394e7c85e2117a9ba7a9476897c07e40d718ffa',
          instances: 2,
        },
        {
          name: 'random-pod/server:1.27.0-alpine',
          fingerprint: '7cd450642c54cc8cce64dd9b4b8664c8480e7df6de880c5e134f4a2ed6446c5c',
          instances: 1,
        },
      ]);
      assert.deepEqual(result.skipped, [
        {
          name: 'nginx',
          reason:
            'pod message-pending-pod-resources/pending-pod-resources-5fddcf7688-djjfc (container nginx) has ' +
            'no image digest yet: pod not scheduled: Unschedulable (0/1 nodes are available: 1 Insufficient ' +
            'nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.)',
        },
        {
          name: 'nginx',
          reason:
            'pod message-pod-init-crashloop-backoff/init-demo2 (container nginx) has no image digest yet: PodInitializing',
        },
      ]);
    } finally {
      await samples.close();
    }
  });
});
