import type { Command } from 'commander';
import type { ReporterKind } from './commands/reporterRuns.ts';
import { common, example } from './recordProgram.ts';

const AFTER = `
Sends the running set to PUT /environments/ENV/snapshot: a new snapshot when it changed, else only
"last seen" is refreshed. What the reporter had to leave out is written to stderr. If the server
stays unreachable the report is spooled and the command exits 4 (0 with --fail-open).
`;

/** `evident snapshot KIND ENV`, one command per reporter (issue #5). */
export function registerSnapshotCommands(root: Command): void {
  const snapshot = root
    .command('snapshot')
    .description('Report what runs in an environment now (reporters for Kubernetes, Docker, AWS, servers).');
  const reporter = (kind: ReporterKind, description: string, lines: string) =>
    common(snapshot.command(`${kind} <environment>`))
      .description(description)
      .addHelpText('after', `${AFTER}${example(lines)}`)
      .action(async (environment: string, options: Record<string, unknown>) => {
        const { snapshotFromReporter } = await import('./commands/reporterRuns.ts');
        await snapshotFromReporter(kind, environment, options);
      });

  reporter(
    'k8s',
    'The images of every pod running in a Kubernetes cluster (needs "list" on pods).',
    '  $ evident snapshot k8s prod --context prod-eu --exclude-namespace kube-system',
  )
    .option(
      '--kubeconfig <file>',
      'kubeconfig (default: in a pod its service account, else $KUBECONFIG, else ~/.kube/config)',
    )
    .option('--context <name>', 'kubeconfig context (default: its current-context)')
    .option('--namespace <namespace...>', 'only these namespaces (default: all)')
    .option('--exclude-namespace <namespace...>', 'leave out these namespaces')
    .option('--namespace-regex <regex>', 'only namespaces whose whole name matches')
    .option('--exclude-namespace-regex <regex>', 'leave out namespaces whose whole name matches');
  reporter(
    'docker',
    'The images of the running containers of a Docker host, by registry digest.',
    '  $ evident snapshot docker edge-01 --docker-host unix:///var/run/docker.sock',
  ).option(
    '--docker-host <url>',
    'unix:///path or tcp://host:port (default: $DOCKER_HOST, else the local socket)',
  );
  const aws = (command: Command) =>
    command
      .option('--region <region>', 'AWS Region (default: AWS_REGION or the profile)')
      .option(
        '--endpoint <url>',
        "service endpoint (default: the Region's; for VPC endpoints, compatible stores)",
      );
  aws(
    reporter(
      'ecs',
      'The images running in an ECS cluster (tasks of all or some services), by digest.',
      '  $ evident snapshot ecs prod --cluster payments --service api worker --region eu-west-1',
    ),
  )
    .requiredOption('--cluster <cluster>', "the cluster's name or ARN")
    .option('--service <service...>', 'only the tasks of these services');
  aws(
    reporter(
      'lambda',
      'The code of the Lambda functions of an account and Region (zip SHA-256 or image digest).',
      '  $ evident snapshot lambda prod --prefix payments- --region eu-west-1',
    ),
  )
    .option('--function <name...>', 'only these functions (names or ARNs)')
    .option('--prefix <prefix>', 'only functions whose name starts with this')
    .option('--alias <alias>', 'report the version this alias points to, as NAME:ALIAS');
  aws(
    reporter(
      's3',
      'The objects of an S3 bucket (under a prefix), by the SHA-256 of their bytes.',
      '  $ evident snapshot s3 www --bucket acme-www --prefix site/ --region eu-west-1',
    ),
  )
    .requiredOption('--bucket <bucket>', 'the bucket')
    .option('--prefix <prefix>', 'only keys starting with this')
    .option('--path-style', 'path-style requests (endpoint/bucket/key), for S3-compatible stores');

  common(snapshot.command('paths <environment> [paths...]'))
    .description(
      'Files and directories deployed on a server: a file by SHA-256, a directory by Go dirhash h1.',
    )
    .option(
      '--paths-file <file>',
      'YAML naming the artifacts: version: 1, artifacts: {NAME: {path, exclude}}',
    )
    .option(
      '--watch',
      'keep running: report again on every change until SIGINT or SIGTERM (then exit 0; 4 if reports are still spooled)',
    )
    .option(
      '--interval <seconds>',
      'with --watch: how often to look when file-system events are unavailable',
      '30',
    )
    .option('--poll', 'with --watch: look every --interval instead of using file-system events (NFS)')
    .addHelpText(
      'after',
      `${AFTER}A PATH is named after its last component; a path that does not exist is left out (not running).
A paths file names them:
  version: 1
  artifacts:
    payments-api: { path: /opt/payments/api.jar }
    web: { path: /var/www/payments, exclude: ["*.log"] }
${example('  $ evident snapshot paths web-01 /opt/payments/api.jar\n  $ evident snapshot paths web-01 --paths-file /etc/evident/paths.yml --watch')}`,
    )
    .action(async (environment: string, paths: string[], options: Record<string, unknown>) => {
      const { snapshotPaths } = await import('./commands/snapshotPaths.ts');
      await snapshotPaths(environment, paths, options);
    });

  common(snapshot.command('json <environment> <file>'))
    .description(
      'A running set another tool wrote: {"artifacts":[{"name","fingerprint","instances"}]} or the list.',
    )
    .addHelpText(
      'after',
      `${AFTER}FILE is - for stdin. "instances" is optional (default 1); fingerprints are SHA-256 (64 hex digits).
${example(`  $ echo '[{"name":"api","fingerprint":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}]' | evident snapshot json edge-01 -`)}`,
    )
    .action(async (environment: string, file: string, options: Record<string, unknown>) => {
      const { snapshotFromJson } = await import('./commands/reporterRuns.ts');
      await snapshotFromJson(environment, file, options);
    });
}
