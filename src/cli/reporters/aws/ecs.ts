import type { Container } from '@aws-sdk/client-ecs';
import { strictOciSha256 } from '../../../fingerprint/digest.ts';
import { mergeRunning, type ReporterResult, type RunningArtifact } from '../reporterResult.ts';
import {
  clientConfig,
  endpointOf,
  guarded,
  uniqueSkipped,
  type AwsCall,
  type AwsOptions,
} from './awsCommon.ts';

export interface EcsOptions extends AwsOptions {
  /** The cluster's short name or ARN. */
  readonly cluster: string;
  /** Only the tasks of these services; by default every running task of the cluster. */
  readonly serviceNames?: readonly string[];
}

/** DescribeTasks takes at most 100 tasks a call (ECS API Reference, DescribeTasks: `tasks`). */
const DESCRIBE_BATCH = 100;

/**
 * The container images running in an ECS cluster (Fargate and EC2 alike).
 *
 * ListTasks with desiredStatus RUNNING, page by page (ECS API Reference, ListTasks: `nextToken`),
 * then DescribeTasks in batches of 100. Each container of a task reports `image` (the reference from
 * the task definition) and `imageDigest`, the registry's manifest digest that the agent resolved when
 * it pulled the image (API Reference, Container: "The container image manifest digest") — the digest
 * CI reports for a pushed image. An artifact is an image+digest, its instances the containers running
 * it. A container without a digest yet (the task is still PENDING, pulling) or already stopped (a
 * finished init container) is skipped with the reason.
 *
 * With serviceNames, ListTasks is asked once per service (`serviceName` filters to the tasks that
 * service started, whose `group` is `service:NAME`); an unknown service is 'not_found'.
 * IAM: ecs:ListTasks and ecs:DescribeTasks on the cluster.
 */
export async function ecsRunningArtifacts(options: EcsOptions): Promise<ReporterResult> {
  const { DescribeTasksCommand, ECSClient, paginateListTasks } = await import('@aws-sdk/client-ecs');
  const client = new ECSClient(clientConfig(options));
  try {
    const endpoint = await endpointOf(options, 'ecs', client.config.region);
    const { cluster } = options;
    const call = (action: string, resource: string): AwsCall => ({
      service: 'ECS',
      action,
      endpoint,
      resource,
    });

    const services = options.serviceNames?.length ? options.serviceNames : [undefined];
    const taskArns = new Set<string>();
    for (const serviceName of services) {
      const resource =
        serviceName === undefined
          ? `cluster "${cluster}"`
          : `service "${serviceName}" in cluster "${cluster}"`;
      await guarded(call('ecs:ListTasks', resource), async () => {
        const pages = paginateListTasks(
          { client, pageSize: 100 },
          { cluster, desiredStatus: 'RUNNING', ...(serviceName !== undefined && { serviceName }) },
        );
        for await (const page of pages) for (const arn of page.taskArns ?? []) taskArns.add(arn);
      });
    }

    const artifacts: RunningArtifact[] = [];
    const skipped: { name: string; reason: string }[] = [];
    const arns = [...taskArns];
    for (let start = 0; start < arns.length; start += DESCRIBE_BATCH) {
      const tasks = arns.slice(start, start + DESCRIBE_BATCH);
      const described = await guarded(call('ecs:DescribeTasks', `tasks of cluster "${cluster}"`), () =>
        client.send(new DescribeTasksCommand({ cluster, tasks })),
      );
      // `failures` lists tasks that stopped between the two calls (reason MISSING): no longer running.
      for (const task of described.tasks ?? []) {
        for (const container of task.containers ?? []) {
          const seen = runningContainer(container);
          if ('reason' in seen) skipped.push(seen);
          else artifacts.push(seen);
        }
      }
    }
    return { artifacts: mergeRunning(artifacts), skipped: uniqueSkipped(skipped) };
  } finally {
    client.destroy();
  }
}

/** One container of a running task: a running artifact, or why it is left out. */
function runningContainer(container: Container): RunningArtifact | { name: string; reason: string } {
  const label = `container "${container.name ?? '?'}"`;
  const status = container.lastStatus ?? 'UNKNOWN';
  const image = container.image;
  if (image === undefined) return { name: container.name ?? '?', reason: `${label} reports no image` };
  if (status === 'STOPPED') return { name: image, reason: `${label} has stopped: not running` };
  if (container.imageDigest === undefined) {
    return { name: image, reason: `${label} has no image digest yet (${status}: the image is being pulled)` };
  }
  const fingerprint = strictOciSha256(container.imageDigest);
  if (fingerprint === undefined) {
    return { name: image, reason: `${label} reports digest "${container.imageDigest}", not a SHA-256` };
  }
  return { name: image, fingerprint, instances: 1 };
}
