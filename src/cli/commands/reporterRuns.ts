import type { AwsOptions } from '../reporters/aws/awsCommon.ts';
import type { ReporterResult } from '../reporters/reporterResult.ts';
import { readInput } from '../inputFile.ts';
import { runningSetFromJson } from '../runningSetJson.ts';
import { required, text, texts } from './recordCommands.ts';
import { recordRunningSet } from './snapshotReport.ts';

type Options = Record<string, unknown>;
export type ReporterKind = 'k8s' | 'docker' | 'ecs' | 'lambda' | 's3';

const aws = (options: Options): AwsOptions => ({
  region: text(options, 'region'),
  endpoint: text(options, 'endpoint'),
});

/**
 * How each `evident snapshot KIND` runs its reporter, from the command's options. Each reporter
 * module is imported here, when its command runs: the Kubernetes client and the AWS SDK never load
 * for any other command (DESIGN §5, start-up stays fast).
 */
const REPORTERS: Record<ReporterKind, (options: Options) => Promise<ReporterResult>> = {
  k8s: async (options) =>
    (await import('../reporters/k8s/k8sRunningArtifacts.ts')).k8sRunningArtifacts({
      kubeconfig: text(options, 'kubeconfig'),
      context: text(options, 'context'),
      namespaces: texts(options, 'namespace'),
      excludeNamespaces: texts(options, 'excludeNamespace'),
      namespaceRegex: text(options, 'namespaceRegex'),
      excludeNamespaceRegex: text(options, 'excludeNamespaceRegex'),
    }),
  docker: async (options) =>
    (await import('../reporters/docker/dockerRunningArtifacts.ts')).dockerRunningArtifacts({
      host: text(options, 'dockerHost'),
    }),
  ecs: async (options) =>
    (await import('../reporters/aws/ecs.ts')).ecsRunningArtifacts({
      ...aws(options),
      cluster: required(options, 'cluster'),
      serviceNames: texts(options, 'service'),
    }),
  lambda: async (options) =>
    (await import('../reporters/aws/lambda.ts')).lambdaRunningArtifacts({
      ...aws(options),
      functionNames: texts(options, 'function'),
      prefix: text(options, 'prefix'),
      alias: text(options, 'alias'),
    }),
  s3: async (options) =>
    (await import('../reporters/aws/s3.ts')).s3RunningArtifacts({
      ...aws(options),
      bucket: required(options, 'bucket'),
      prefix: text(options, 'prefix'),
      forcePathStyle: options.pathStyle === true,
    }),
};

/** `evident snapshot k8s|docker|ecs|lambda|s3 ENV`: what runs there now, recorded. */
export async function snapshotFromReporter(
  kind: ReporterKind,
  environment: string,
  options: Options,
): Promise<void> {
  await recordRunningSet(environment, await REPORTERS[kind](options), options);
}

/** `evident snapshot json ENV FILE|-`: a running set some other tool wrote. */
export async function snapshotFromJson(environment: string, file: string, options: Options): Promise<void> {
  const artifacts = runningSetFromJson(await readInput(file), file === '-' ? 'stdin' : file);
  await recordRunningSet(environment, { artifacts, skipped: [] }, options);
}
