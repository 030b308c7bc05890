// deploy/k8s/evident-reporter.yaml, parsed with the `yaml` package: the objects it holds, that the
// ClusterRole grants no more than get/list on pods, and that the CronJob runs the reporter under the
// service account the role is bound to, without a secret value in the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';

const MANIFEST = new URL('../../../../deploy/k8s/evident-reporter.yaml', import.meta.url);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

const documents = parseAllDocuments(readFileSync(MANIFEST, 'utf8'));
const objects: K8sObject[] = documents.map((document) => {
  assert.deepEqual(document.errors, [], 'the manifest is valid YAML');
  return document.toJS() as K8sObject;
});
const byKind = (kind: string): K8sObject => {
  const found = objects.filter((object) => object.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0]!;
};

test('the manifest holds a service account, its role and binding, and a CronJob — and no Secret', () => {
  assert.deepEqual(
    objects.map((object) => `${object.apiVersion} ${object.kind}`),
    [
      'v1 ServiceAccount',
      'rbac.authorization.k8s.io/v1 ClusterRole',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'batch/v1 CronJob',
    ],
  );
  for (const object of objects) {
    assert.equal(object.metadata.namespace, undefined, `${object.kind} takes the namespace it is applied to`);
  }
});

test('the ClusterRole grants get and list on pods, and nothing else', () => {
  const role = byKind('ClusterRole') as K8sObject & { rules: unknown[] };
  assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  assert.equal(role.aggregationRule, undefined);
});

test('the binding ties that role to the service account', () => {
  const serviceAccount = byKind('ServiceAccount');
  const role = byKind('ClusterRole');
  const binding = byKind('ClusterRoleBinding') as K8sObject & {
    roleRef: { apiGroup: string; kind: string; name: string };
    subjects: { kind: string; name: string; namespace?: string }[];
  };
  assert.deepEqual(binding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role.metadata.name,
  });
  assert.equal(binding.subjects.length, 1);
  const subject = binding.subjects[0]!;
  assert.equal(subject.kind, 'ServiceAccount');
  assert.equal(subject.name, serviceAccount.metadata.name);
  assert.ok(subject.namespace, 'a ServiceAccount subject names its namespace');
});

interface Container {
  image: string;
  command: string[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
}

test('the CronJob runs the reporter every minute, one at a time, as the service account', () => {
  const cronJob = byKind('CronJob') as K8sObject & {
    spec: {
      schedule: string;
      concurrencyPolicy: string;
      jobTemplate: {
        spec: {
          template: {
            spec: {
              serviceAccountName: string;
              restartPolicy: string;
              securityContext: Record<string, unknown>;
              containers: Container[];
            };
          };
        };
      };
    };
  };
  assert.equal(cronJob.spec.schedule, '* * * * *');
  assert.equal(cronJob.spec.concurrencyPolicy, 'Forbid');
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  assert.equal(pod.serviceAccountName, byKind('ServiceAccount').metadata.name);
  assert.equal(pod.restartPolicy, 'Never');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(Number(pod.securityContext.runAsUser) > 0);

  assert.equal(pod.containers.length, 1);
  const container = pod.containers[0]!;
  assert.equal(container.image, 'node:20-slim');
  assert.deepEqual(container.command, [
    'npx',
    '--no',
    'evident',
    'snapshot',
    'k8s',
    '$(EVIDENT_ENVIRONMENT)',
  ]);
  const env = new Map(container.env.map((variable) => [variable.name, variable]));
  assert.ok(env.get('EVIDENT_ENVIRONMENT')?.value, 'the variable the command expands is defined');
  assert.ok(env.get('EVIDENT_HOST')?.value);

  const token = env.get('EVIDENT_API_TOKEN');
  assert.equal(token?.value, undefined, 'no token value in the file');
  assert.ok(token?.valueFrom?.secretKeyRef?.name);
  assert.ok(token.valueFrom.secretKeyRef.key);

  for (const resource of ['cpu', 'memory']) {
    assert.ok(container.resources.limits[resource], `a ${resource} limit`);
    assert.ok(container.resources.requests[resource], `a ${resource} request`);
  }
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
});
