// Pods as the Kubernetes API returns them (`kubectl get pods -A -o json`, items of a PodList), for the
// reporter's tests: full objects — metadata with uid, labels and ownerReferences, the spec as the API
// server defaults it, and status with conditions and container statuses — modelled on real output
// (the samples in /work/shared/samples/k8s/ and a kind cluster's). `pod()` fills in the parts every pod
// has; the container statuses, which the reporter reads, are written out in full for each pod.
import { createHash } from 'node:crypto';

/** A JSON object of the API. */
export type Json = Record<string, unknown>;

/** A deterministic stand-in for an image digest: 64 hex digits. */
export const digest = (label: string): string => createHash('sha256').update(label).digest('hex');

export const DIGEST = {
  api: digest('ghcr.io/acme/payments-api:1.4.2'),
  apiStaging: digest('ghcr.io/acme/payments-api:1.5.0-rc1'),
  envoy: digest('envoyproxy/envoy:v1.31.2'),
  migrate: digest('ghcr.io/acme/payments-migrate:1.4.2'),
  fluentBit: digest('fluent/fluent-bit:3.1.9'),
  worker: digest('ghcr.io/acme/payments-worker:1.4.2'),
  ledgerSync: digest('quay.io/acme/ledger-sync:0.9.0'),
  coredns: digest('registry.k8s.io/coredns/coredns:v1.11.1'),
  report: digest('ghcr.io/acme/nightly-report:3.2.0'),
  busybox: digest('busybox:1.36'),
  /** Image IDs (config digests) of images that never came from a registry. */
  localAppConfig: digest('acme/local-app:dev config'),
  legacyAppConfig: digest('legacy-app:latest config'),
} as const;

const uuid = (seed: string): string => {
  const hex = digest(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export interface ContainerFixture {
  readonly name: string;
  /** As in the pod spec. */
  readonly image: string;
  /** As the runtime reports it in the status (e.g. containerd's `docker.io/library/…`). */
  readonly statusImage: string;
  readonly imageID: string;
  readonly state: Json;
  readonly lastState?: Json;
  readonly ready: boolean;
  readonly started?: boolean;
  readonly restartCount?: number;
  readonly runtime?: 'containerd' | 'docker';
  /** Init containers only: `Always` makes a native sidecar. */
  readonly restartPolicy?: 'Always';
  readonly ports?: readonly number[];
}

export interface PodFixture {
  readonly namespace: string;
  readonly name: string;
  readonly owner?: { readonly kind: 'ReplicaSet' | 'Job' | 'DaemonSet'; readonly name: string };
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeName?: string;
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  readonly conditions: readonly Json[];
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly init?: readonly ContainerFixture[];
  readonly containers: readonly ContainerFixture[];
  readonly ephemeral?: readonly (ContainerFixture & { readonly targetContainerName: string })[];
  /** False for a pod no kubelet has reported on yet (no container statuses at all). */
  readonly hasStatuses?: boolean;
  readonly podIP?: string;
  readonly created: string;
}

const condition = (
  type: string,
  status: 'True' | 'False',
  at: string,
  reason?: string,
  message?: string,
) => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: at,
  ...(reason !== undefined && { reason }),
  ...(message !== undefined && { message }),
});

/** The conditions of a pod whose containers all run and are ready. */
export function readyConditions(at: string): Json[] {
  return [
    condition('PodReadyToStartContainers', 'True', at),
    condition('Initialized', 'True', at),
    condition('Ready', 'True', at),
    condition('ContainersReady', 'True', at),
    condition('PodScheduled', 'True', at),
  ];
}

/** The conditions of a scheduled pod with containers that are not ready. */
export function notReadyConditions(at: string, containers: readonly string[]): Json[] {
  const message = `containers with unready status: [${containers.join(' ')}]`;
  return [
    condition('PodReadyToStartContainers', 'True', at),
    condition('Initialized', 'True', at),
    condition('Ready', 'False', at, 'ContainersNotReady', message),
    condition('ContainersReady', 'False', at, 'ContainersNotReady', message),
    condition('PodScheduled', 'True', at),
  ];
}

function specContainer(container: ContainerFixture, tokenVolume: string): Json {
  return {
    name: container.name,
    image: container.image,
    ...(container.ports !== undefined && {
      ports: container.ports.map((containerPort) => ({ containerPort, protocol: 'TCP' })),
    }),
    resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [
      { name: tokenVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ],
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
    ...(container.restartPolicy !== undefined && { restartPolicy: container.restartPolicy }),
  };
}

function containerStatus(pod: PodFixture, container: ContainerFixture): Json {
  const runtime = container.runtime ?? 'containerd';
  const created = container.imageID !== '';
  return {
    name: container.name,
    state: container.state,
    lastState: container.lastState ?? {},
    ready: container.ready,
    restartCount: container.restartCount ?? 0,
    image: container.statusImage,
    imageID: container.imageID,
    ...(created && {
      containerID: `${runtime}://${digest(`${pod.namespace}/${pod.name}/${container.name}`)}`,
    }),
    started: container.started ?? container.state.running !== undefined,
    ...(created && {
      volumeMounts: [
        {
          name: `kube-api-access-${pod.name.slice(-5)}`,
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          readOnly: true,
          recursiveReadOnly: 'Disabled',
        },
      ],
    }),
  };
}

/** A pod object as it appears in a PodList (the API leaves `kind`/`apiVersion` off the items). */
export function pod(fixture: PodFixture): Json {
  const uid = uuid(`${fixture.namespace}/${fixture.name}`);
  const tokenVolume = `kube-api-access-${fixture.name.slice(-5)}`;
  const owner = fixture.owner;
  const hasStatuses = fixture.hasStatuses ?? true;
  const ephemeral = fixture.ephemeral ?? [];
  return {
    metadata: {
      name: fixture.name,
      ...(owner !== undefined && { generateName: `${owner.name}-` }),
      namespace: fixture.namespace,
      uid,
      resourceVersion: String(100_000 + Number.parseInt(uid.slice(0, 4), 16)),
      creationTimestamp: fixture.created,
      labels: fixture.labels,
      ...(owner !== undefined && {
        ownerReferences: [
          {
            apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1',
            kind: owner.kind,
            name: owner.name,
            uid: uuid(`${fixture.namespace}/${owner.kind}/${owner.name}`),
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      }),
    },
    spec: {
      volumes: [
        {
          name: tokenVolume,
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              {
                downwardAPI: {
                  items: [
                    { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                  ],
                },
              },
            ],
            defaultMode: 420,
          },
        },
      ],
      ...(fixture.init !== undefined && {
        initContainers: fixture.init.map((c) => specContainer(c, tokenVolume)),
      }),
      containers: fixture.containers.map((c) => specContainer(c, tokenVolume)),
      ...(ephemeral.length > 0 && {
        ephemeralContainers: ephemeral.map((c) => ({
          name: c.name,
          image: c.image,
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
          stdin: true,
          tty: true,
          targetContainerName: c.targetContainerName,
        })),
      }),
      restartPolicy: fixture.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      ...(fixture.nodeName !== undefined && { nodeName: fixture.nodeName }),
      securityContext: {},
      schedulerName: 'default-scheduler',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: fixture.phase,
      conditions: fixture.conditions,
      ...(fixture.nodeName !== undefined && {
        hostIP: '172.18.0.3',
        hostIPs: [{ ip: '172.18.0.3' }],
      }),
      ...(fixture.podIP !== undefined && { podIP: fixture.podIP, podIPs: [{ ip: fixture.podIP }] }),
      ...(fixture.nodeName !== undefined && { startTime: fixture.created }),
      ...(hasStatuses &&
        fixture.init !== undefined && {
          initContainerStatuses: fixture.init.map((c) => containerStatus(fixture, c)),
        }),
      ...(hasStatuses && { containerStatuses: fixture.containers.map((c) => containerStatus(fixture, c)) }),
      ...(hasStatuses &&
        ephemeral.length > 0 && {
          ephemeralContainerStatuses: ephemeral.map((c) => containerStatus(fixture, c)),
        }),
      qosClass: 'Burstable',
    },
  };
}

const running = (startedAt: string): Json => ({ running: { startedAt } });

const completed = (startedAt: string, finishedAt: string, containerID: string): Json => ({
  terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt, containerID },
});

function apiReplica(suffix: string, podIP: string): Json {
  const at = '2026-03-02T09:14:07Z';
  return pod({
    namespace: 'payments',
    name: `api-7d9f8b6c5-${suffix}`,
    owner: { kind: 'ReplicaSet', name: 'api-7d9f8b6c5' },
    labels: { app: 'api', 'app.kubernetes.io/part-of': 'payments', 'pod-template-hash': '7d9f8b6c5' },
    nodeName: 'kind-worker',
    phase: 'Running',
    conditions: readyConditions(at),
    containers: [
      {
        name: 'api',
        image: 'ghcr.io/acme/payments-api:1.4.2',
        statusImage: 'ghcr.io/acme/payments-api:1.4.2',
        imageID: `ghcr.io/acme/payments-api@sha256:${DIGEST.api}`,
        state: running('2026-03-02T09:14:11Z'),
        ready: true,
        ports: [8080],
      },
      {
        // A sidecar the old way (a second app container): the spec's short name, the runtime's long one.
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.31.2',
        statusImage: 'docker.io/envoyproxy/envoy:v1.31.2',
        imageID: `docker.io/envoyproxy/envoy@sha256:${DIGEST.envoy}`,
        state: running('2026-03-02T09:14:12Z'),
        ready: true,
        ports: [9901],
      },
    ],
    podIP,
    created: at,
  });
}

/**
 * A cluster of 11 pods in 5 namespaces (payments, payments-staging, kube-system, batch, dev), covering
 * every case the reporter distinguishes; what each should give is written next to it.
 */
export const CLUSTER: readonly Json[] = [
  // A Deployment with 3 replicas, each with the app and an envoy sidecar: 3 instances of each image.
  apiReplica('x4k2p', '10.244.1.12'),
  apiReplica('q9w7z', '10.244.1.13'),
  apiReplica('m2n8r', '10.244.2.7'),
  // On a node with the Docker runtime (cri-dockerd): `docker-pullable://` imageIDs. A regular init
  // container that completed (not counted) and a native sidecar, an init container with
  // restartPolicy Always, still running (counted), next to the app container (counted).
  pod({
    namespace: 'payments',
    name: 'worker-5f8c6d9b7-t2j6h',
    owner: { kind: 'ReplicaSet', name: 'worker-5f8c6d9b7' },
    labels: { app: 'worker', 'pod-template-hash': '5f8c6d9b7' },
    nodeName: 'docker-node-1',
    phase: 'Running',
    conditions: readyConditions('2026-03-02T09:20:41Z'),
    init: [
      {
        name: 'migrate',
        image: 'ghcr.io/acme/payments-migrate:1.4.2',
        statusImage: 'ghcr.io/acme/payments-migrate:1.4.2',
        imageID: `docker-pullable://ghcr.io/acme/payments-migrate@sha256:${DIGEST.migrate}`,
        state: completed(
          '2026-03-02T09:20:33Z',
          '2026-03-02T09:20:39Z',
          `docker://${digest('payments/worker-5f8c6d9b7-t2j6h/migrate')}`,
        ),
        ready: true,
        started: false,
        runtime: 'docker',
      },
      {
        name: 'log-shipper',
        image: 'fluent/fluent-bit:3.1.9',
        statusImage: 'fluent/fluent-bit:3.1.9',
        imageID: `docker-pullable://fluent/fluent-bit@sha256:${DIGEST.fluentBit}`,
        state: running('2026-03-02T09:20:40Z'),
        ready: true,
        runtime: 'docker',
        restartPolicy: 'Always',
      },
    ],
    containers: [
      {
        name: 'worker',
        image: 'ghcr.io/acme/payments-worker:1.4.2',
        statusImage: 'ghcr.io/acme/payments-worker:1.4.2',
        imageID: `docker-pullable://ghcr.io/acme/payments-worker@sha256:${DIGEST.worker}`,
        state: running('2026-03-02T09:20:41Z'),
        ready: true,
        runtime: 'docker',
      },
    ],
    podIP: '10.244.3.4',
    created: '2026-03-02T09:20:30Z',
  }),
  // Pending in ImagePullBackOff: no container yet, imageID "" (skipped, with the reason).
  pod({
    namespace: 'payments',
    name: 'checkout-6c4f9d7b8-zt5vh',
    owner: { kind: 'ReplicaSet', name: 'checkout-6c4f9d7b8' },
    labels: { app: 'checkout', 'pod-template-hash': '6c4f9d7b8' },
    nodeName: 'kind-worker',
    phase: 'Pending',
    conditions: notReadyConditions('2026-03-02T10:02:18Z', ['checkout']),
    containers: [
      {
        name: 'checkout',
        image: 'ghcr.io/acme/checkout:2.0.0-rc1',
        statusImage: 'ghcr.io/acme/checkout:2.0.0-rc1',
        imageID: '',
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message: 'Back-off pulling image "ghcr.io/acme/checkout:2.0.0-rc1"',
          },
        },
        ready: false,
        started: false,
      },
    ],
    podIP: '10.244.1.20',
    created: '2026-03-02T10:02:18Z',
  }),
  // CrashLoopBackOff: waiting between restarts, with the last run in lastState (counted: it runs
  // again and again, and the image is the one deployed).
  pod({
    namespace: 'payments',
    name: 'ledger-sync-74d5b8c9f-8kq2w',
    owner: { kind: 'ReplicaSet', name: 'ledger-sync-74d5b8c9f' },
    labels: { app: 'ledger-sync', 'pod-template-hash': '74d5b8c9f' },
    nodeName: 'kind-worker2',
    phase: 'Running',
    conditions: notReadyConditions('2026-03-02T11:47:02Z', ['sync']),
    containers: [
      {
        name: 'sync',
        image: 'quay.io/acme/ledger-sync:0.9.0',
        statusImage: 'quay.io/acme/ledger-sync:0.9.0',
        imageID: `quay.io/acme/ledger-sync@sha256:${DIGEST.ledgerSync}`,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message:
              'back-off 5m0s restarting failed container=sync pod=ledger-sync-74d5b8c9f-8kq2w_payments' +
              `(${uuid('payments/ledger-sync-74d5b8c9f-8kq2w')})`,
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2026-03-02T11:46:58Z',
            finishedAt: '2026-03-02T11:47:01Z',
            containerID: `containerd://${digest('payments/ledger-sync-74d5b8c9f-8kq2w/sync/17')}`,
          },
        },
        ready: false,
        started: false,
        restartCount: 17,
      },
    ],
    podIP: '10.244.2.15',
    created: '2026-03-02T09:31:44Z',
  }),
  // Another namespace, another version of the api, and an ephemeral debug container (counted).
  pod({
    namespace: 'payments-staging',
    name: 'api-8b7c6d5f4-w8x2q',
    owner: { kind: 'ReplicaSet', name: 'api-8b7c6d5f4' },
    labels: { app: 'api', 'pod-template-hash': '8b7c6d5f4' },
    nodeName: 'kind-worker2',
    phase: 'Running',
    conditions: readyConditions('2026-03-01T16:05:09Z'),
    containers: [
      {
        name: 'api',
        image: 'ghcr.io/acme/payments-api:1.5.0-rc1',
        statusImage: 'ghcr.io/acme/payments-api:1.5.0-rc1',
        imageID: `ghcr.io/acme/payments-api@sha256:${DIGEST.apiStaging}`,
        state: running('2026-03-01T16:05:08Z'),
        ready: true,
        ports: [8080],
      },
    ],
    ephemeral: [
      {
        name: 'debugger-x7k2p',
        image: 'busybox:1.36',
        statusImage: 'docker.io/library/busybox:1.36',
        imageID: `docker.io/library/busybox@sha256:${DIGEST.busybox}`,
        state: running('2026-03-02T12:00:31Z'),
        ready: false,
        targetContainerName: 'api',
      },
    ],
    podIP: '10.244.2.9',
    created: '2026-03-01T16:05:01Z',
  }),
  // The system namespace a snapshot usually excludes.
  pod({
    namespace: 'kube-system',
    name: 'coredns-7db6d8ff4d-4xk9p',
    owner: { kind: 'ReplicaSet', name: 'coredns-7db6d8ff4d' },
    labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': '7db6d8ff4d' },
    nodeName: 'kind-control-plane',
    phase: 'Running',
    conditions: readyConditions('2026-02-27T08:00:19Z'),
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.11.1',
        statusImage: 'registry.k8s.io/coredns/coredns:v1.11.1',
        imageID: `registry.k8s.io/coredns/coredns@sha256:${DIGEST.coredns}`,
        state: running('2026-02-27T08:00:18Z'),
        ready: true,
        ports: [53, 9153],
      },
    ],
    podIP: '10.244.0.3',
    created: '2026-02-27T08:00:02Z',
  }),
  // A Job's pod that Succeeded (ignored: it ran, it does not run).
  pod({
    namespace: 'batch',
    name: 'nightly-report-29538720-xk2lp',
    owner: { kind: 'Job', name: 'nightly-report-29538720' },
    labels: {
      'batch.kubernetes.io/controller-uid': uuid('batch/Job/nightly-report-29538720'),
      'batch.kubernetes.io/job-name': 'nightly-report-29538720',
      'job-name': 'nightly-report-29538720',
    },
    nodeName: 'kind-worker',
    phase: 'Succeeded',
    restartPolicy: 'Never',
    conditions: [
      condition('PodReadyToStartContainers', 'False', '2026-03-02T00:00:41Z'),
      condition('Initialized', 'True', '2026-03-02T00:00:03Z', 'PodCompleted'),
      condition('Ready', 'False', '2026-03-02T00:00:40Z', 'PodCompleted'),
      condition('ContainersReady', 'False', '2026-03-02T00:00:40Z', 'PodCompleted'),
      condition('PodScheduled', 'True', '2026-03-02T00:00:03Z'),
    ],
    containers: [
      {
        name: 'report',
        image: 'ghcr.io/acme/nightly-report:3.2.0',
        statusImage: 'ghcr.io/acme/nightly-report:3.2.0',
        imageID: `ghcr.io/acme/nightly-report@sha256:${DIGEST.report}`,
        state: completed(
          '2026-03-02T00:00:05Z',
          '2026-03-02T00:00:39Z',
          `containerd://${digest('batch/nightly-report-29538720-xk2lp/report')}`,
        ),
        ready: false,
        started: false,
      },
    ],
    podIP: '10.244.1.30',
    created: '2026-03-02T00:00:03Z',
  }),
  // containerd with an image loaded onto the node (`kind load`): imageID is the bare image ID, the
  // config digest (skipped: no registry digest to match CI's fingerprint).
  pod({
    namespace: 'dev',
    name: 'local-app-66b9c7d5f8-p7r4x',
    owner: { kind: 'ReplicaSet', name: 'local-app-66b9c7d5f8' },
    labels: { app: 'local-app', 'pod-template-hash': '66b9c7d5f8' },
    nodeName: 'kind-worker',
    phase: 'Running',
    conditions: readyConditions('2026-03-02T13:10:05Z'),
    containers: [
      {
        name: 'app',
        image: 'acme/local-app:dev',
        statusImage: 'docker.io/acme/local-app:dev',
        imageID: `sha256:${DIGEST.localAppConfig}`,
        state: running('2026-03-02T13:10:04Z'),
        ready: true,
      },
    ],
    podIP: '10.244.1.41',
    created: '2026-03-02T13:10:01Z',
  }),
  // Docker runtime with a locally built image: `docker://sha256:…`, the image ID again (skipped).
  pod({
    namespace: 'dev',
    name: 'legacy-app-7c9d8f6b5-k3m9n',
    owner: { kind: 'ReplicaSet', name: 'legacy-app-7c9d8f6b5' },
    labels: { app: 'legacy-app', 'pod-template-hash': '7c9d8f6b5' },
    nodeName: 'docker-node-1',
    phase: 'Running',
    conditions: readyConditions('2026-03-02T13:12:44Z'),
    containers: [
      {
        name: 'app',
        image: 'legacy-app:latest',
        statusImage: 'legacy-app:latest',
        imageID: `docker://sha256:${DIGEST.legacyAppConfig}`,
        state: running('2026-03-02T13:12:43Z'),
        ready: true,
        runtime: 'docker',
      },
    ],
    podIP: '10.244.3.9',
    created: '2026-03-02T13:12:40Z',
  }),
];

/** What the reporter should make of CLUSTER, all namespaces. */
export const CLUSTER_ARTIFACTS = [
  { name: 'busybox:1.36', fingerprint: DIGEST.busybox, instances: 1 },
  { name: 'envoyproxy/envoy:v1.31.2', fingerprint: DIGEST.envoy, instances: 3 },
  { name: 'fluent/fluent-bit:3.1.9', fingerprint: DIGEST.fluentBit, instances: 1 },
  { name: 'ghcr.io/acme/payments-api:1.4.2', fingerprint: DIGEST.api, instances: 3 },
  { name: 'ghcr.io/acme/payments-api:1.5.0-rc1', fingerprint: DIGEST.apiStaging, instances: 1 },
  { name: 'ghcr.io/acme/payments-worker:1.4.2', fingerprint: DIGEST.worker, instances: 1 },
  { name: 'quay.io/acme/ledger-sync:0.9.0', fingerprint: DIGEST.ledgerSync, instances: 1 },
  { name: 'registry.k8s.io/coredns/coredns:v1.11.1', fingerprint: DIGEST.coredns, instances: 1 },
];

export const CLUSTER_SKIPPED = [
  {
    name: 'acme/local-app:dev',
    reason:
      `pod dev/local-app-66b9c7d5f8-p7r4x (container app) runs a local image known only by its image ID ` +
      `sha256:${DIGEST.localAppConfig} (the digest of its config, not of a registry manifest, so it ` +
      'cannot match the fingerprint CI reports): push the image to a registry and deploy it from there',
  },
  {
    name: 'ghcr.io/acme/checkout:2.0.0-rc1',
    reason:
      'pod payments/checkout-6c4f9d7b8-zt5vh (container checkout) has no image digest yet: ' +
      'ImagePullBackOff (Back-off pulling image "ghcr.io/acme/checkout:2.0.0-rc1")',
  },
  {
    name: 'legacy-app:latest',
    reason:
      `pod dev/legacy-app-7c9d8f6b5-k3m9n (container app) runs a local image known only by its image ID ` +
      `sha256:${DIGEST.legacyAppConfig} (the digest of its config, not of a registry manifest, so it ` +
      'cannot match the fingerprint CI reports): push the image to a registry and deploy it from there',
  },
];
