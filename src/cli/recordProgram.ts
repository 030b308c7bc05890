import { Argument, Option, type Command } from 'commander';
import { APPROVAL_FILTERS } from '../core/model/approval.ts';
import type { PullRequestProvider } from './pullRequest/pullRequestRead.ts';
import { REF_HELP } from './snapshotRefHelp.ts';

const FINGERPRINT_TYPES = ['file', 'dir', 'oci'];

/** Options every command that talks to a server takes; EVIDENT_* variables supply defaults. */
export function readOptions(command: Command): Command {
  return command
    .option('--host <url>', 'server URL (EVIDENT_HOST; default http://127.0.0.1:8080)')
    .option('--api-token <token>', 'API token (EVIDENT_API_TOKEN)')
    .option('--org <org>', 'organisation (EVIDENT_ORG; default "default")')
    .addOption(
      new Option('--output <format>', 'output format (EVIDENT_OUTPUT)').choices(['text', 'json', 'markdown']),
    )
    .option(
      '--state-dir <dir>',
      'spool and seen checkpoints (EVIDENT_STATE_DIR; default ~/.local/state/evident)',
    )
    .option(
      '--vkey <vkey>',
      "the server's verifier key to trust (EVIDENT_VKEY; default: pinned on first use)",
    );
}

/** The options of commands that record something: those of every command, plus dry run and fail-open. */
export function common(command: Command): Command {
  return readOptions(command)
    .option('--dry-run', 'print what would be sent and send nothing (EVIDENT_DRY_RUN=true)')
    .option(
      '--fail-open',
      'if the server is unreachable, spool the record and exit 0 (EVIDENT_FAIL_OPEN=true)',
    );
}

export const example = (lines: string) => `\nExample:\n${lines}`;

/** The pipeline commands (issue #4): create, begin, attest, assert, fingerprint, spool. */
export function registerRecordCommands(root: Command): void {
  const create = root.command('create').description('Create things in Evident.');
  common(create.command('flow <name>'))
    .description('Create or update a flow, optionally with its template (YAML).')
    .option('--description <text>', 'what the flow delivers')
    .option('--template <file>', 'flow template (YAML or JSON)')
    .addHelpText('after', example('  $ evident create flow payments-api --template evident-template.yml'))
    .action(async (name: string, options: Record<string, unknown>) => {
      const { createFlow } = await import('./commands/recordCommands.ts');
      await createFlow(name, options);
    });

  const begin = root.command('begin').description('Begin things.');
  common(begin.command('trail <name>'))
    .description(
      'Begin (or update) a trail of a flow, with the git facts of its commit (author, message, parents).',
    )
    .requiredOption('--flow <flow>', 'the flow')
    .option('--description <text>', 'what this run is')
    .option('--commit <sha>', 'git commit (default: from the CI system, else HEAD)')
    .option('--repo-root <dir>', 'git repository to read commit metadata from (default: the current one)')
    .option('--redact-commit-info', 'leave e-mail addresses and the commit message out')
    .option('--origin-url <url>', 'link to the run (default: the CI build URL)')
    .addHelpText('after', example('  $ evident begin trail "$GITHUB_SHA" --flow payments-api'))
    .action(async (name: string, options: Record<string, unknown>) => {
      const { beginTrail } = await import('./commands/recordCommands.ts');
      await beginTrail(name, options);
    });

  const attest = root.command('attest').description('Report artifacts and attest facts about them.');
  common(attest.command('artifact [path]'))
    .description('Fingerprint an artifact (file, directory or OCI image) and report it in a trail.')
    .requiredOption('--flow <flow>', 'the flow')
    .requiredOption('--trail <trail>', 'the trail')
    .requiredOption('--name <name>', "the artifact's name in the template")
    .addOption(
      new Option('--artifact-type <type>', 'what PATH is').choices(FINGERPRINT_TYPES).default('file'),
    )
    .option('--fingerprint <sha256>', 'report this fingerprint instead of computing one')
    .option('--commit <sha>', 'commit it was built from (default: from the CI system)')
    .option('--build-url <url>', 'build link (default: from the CI system)')
    .option('--repository <url>', 'repository (default: from the CI system)')
    .addHelpText(
      'after',
      example(
        '  $ evident attest artifact dist/app.tar --name api-image --flow payments-api --trail "$GITHUB_SHA"',
      ),
    )
    .action(async (path: string | undefined, options: Record<string, unknown>) => {
      const { attestArtifact } = await import('./commands/recordCommands.ts');
      await attestArtifact(path, options);
    });
  for (const type of ['generic', 'junit', 'sarif', 'snyk', 'trivy', 'jira', 'custom']) {
    const command = common(attest.command(`${type} [files...]`))
      .description(
        type === 'custom'
          ? 'Attest a user-defined type (--type-name) with --data; the server checks its schema and rules.'
          : `Attest ${type} evidence; the server reads the files itself and decides compliance.`,
      )
      .requiredOption('--flow <flow>', 'the flow')
      .requiredOption('--trail <trail>', 'the trail')
      .requiredOption('--name <name>', "the attestation's name in the template")
      .option('--artifact-fingerprint <sha256>', 'attest this artifact')
      .option(
        '--artifact-name <name>',
        'attest the artifact of this template name (binds when it is reported)',
      )
      .option('--data <json>', 'structured data as JSON, or @file');
    if (type === 'custom') command.requiredOption('--type-name <name>', 'the custom type');
    const files =
      type === 'junit' ? 'target/surefire-reports/*.xml ' : type === 'sarif' ? 'semgrep.sarif ' : '';
    command
      .addHelpText(
        'after',
        example(
          `  $ evident attest ${type} ${files}--name ${type} --flow payments-api --trail "$GITHUB_SHA" --artifact-name api-image`,
        ),
      )
      .action(async (paths: string[], options: Record<string, unknown>) => {
        const { attestType } = await import('./commands/recordCommands.ts');
        const typeName = type === 'custom' ? `custom:${String(options.typeName)}` : type;
        await attestType(typeName, paths, options);
      });
  }
  common(attest.command('pullrequest'))
    .addArgument(new Argument('<provider>').choices(['github', 'gitlab', 'bitbucket', 'azure']))
    .description(
      "Read a pull request from the code host's API and attest it; the server checks its approvals.",
    )
    .requiredOption('--flow <flow>', 'the flow')
    .requiredOption('--trail <trail>', 'the trail')
    .requiredOption('--name <name>', "the attestation's name in the template")
    .option('--artifact-fingerprint <sha256>', 'attest this artifact')
    .option('--artifact-name <name>', 'attest the artifact of this template name')
    .option('--pr <number>', 'the pull request (default: from the CI system, else the one of --commit)')
    .option('--commit <sha>', "find the commit's pull request (default: the CI system's commit)")
    .option('--repository <repo>', 'owner/repo, group/project, workspace/slug or project/repo (default: CI)')
    .option('--base-url <url>', 'API root of a self-hosted instance, e.g. https://github.example.com/api/v3')
    .option(
      '--token <token>',
      'API token (default: GITHUB_TOKEN, GITLAB_TOKEN, BITBUCKET_TOKEN, SYSTEM_ACCESSTOKEN)',
    )
    .addHelpText(
      'after',
      `
The API answers are stored as evidence with the attestation. Defaults come from the CI system:
GitHub Actions (GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_REF, GITHUB_SHA), GitLab CI (CI_API_V4_URL,
CI_PROJECT_ID, CI_MERGE_REQUEST_IID, CI_COMMIT_SHA), Bitbucket Pipelines (BITBUCKET_REPO_FULL_NAME,
BITBUCKET_PR_ID, BITBUCKET_COMMIT) and Azure Pipelines (SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT,
BUILD_REPOSITORY_NAME, SYSTEM_PULLREQUEST_PULLREQUESTID, BUILD_SOURCEVERSION).

Example:
  $ evident attest pullrequest github --name pull-request --flow payments-api --trail "$GITHUB_SHA"`,
    )
    .action(async (provider: PullRequestProvider, options: Record<string, unknown>) => {
      const { attestPullRequest } = await import('./commands/pullRequestCommand.ts');
      await attestPullRequest(provider, options);
    });

  const assert = root
    .command('assert')
    .description('Gate a pipeline on compliance (exit 3 when not compliant).');
  readOptions(assert.command('artifact <fingerprint>'))
    .description(
      "Exit 0 if the artifact is compliant in every trail that reported it (with --environment: with the environment's policies), else 3 with the reasons.",
    )
    .option(
      '--environment <environment>',
      "would it comply with this environment's policies if it ran there now?",
    )
    .addHelpText(
      'after',
      example(
        '  $ evident assert artifact sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n  $ evident assert artifact "$(evident fingerprint dist/app.tar)" --environment prod',
      ),
    )
    .action(async (fingerprint: string, options: Record<string, unknown>) => {
      if (typeof options.environment === 'string') {
        const { assertArtifactIn } = await import('./commands/environmentGate.ts');
        process.exitCode = await assertArtifactIn(fingerprint, options.environment, options);
        return;
      }
      const { assertArtifact } = await import('./commands/queryCommands.ts');
      process.exitCode = await assertArtifact(fingerprint, options);
    });

  root
    .command('fingerprint <path>')
    .description('Print the SHA-256 fingerprint of a file, a directory (Go dirhash h1) or an OCI image.')
    .addOption(new Option('--type <type>', 'what PATH is').choices(FINGERPRINT_TYPES).default('file'))
    .option('--exclude <glob...>', 'directory entries to leave out (also read from .evidentignore)')
    .addHelpText('after', example('  $ evident fingerprint ./build --type dir --exclude "*.log"'))
    .action(async (path: string, options: Record<string, unknown>) => {
      const { fingerprintCommand } = await import('./commands/queryCommands.ts');
      await fingerprintCommand(path, options);
    });

  readOptions(root.command('get'))
    .addArgument(
      new Argument('<kind>').choices(['flow', 'trail', 'artifact', 'snapshot', 'approval', 'deliveries']),
    )
    .argument('<name>')
    .description(
      'Show a flow, a trail (with --flow), an artifact (by fingerprint) or a snapshot (by REF) with its compliance, an approval (by id) with its change, or the delivery log of a webhook.',
    )
    .option('--flow <flow>', 'the flow of a trail')
    .option('--limit <n>', 'the newest this many deliveries, 1 to 100 (default 50)')
    .addHelpText(
      'after',
      `${REF_HELP}${example('  $ evident get trail "$GITHUB_SHA" --flow payments-api\n  $ evident get snapshot "prod@{2026-11-19T02:30:00Z}"\n  $ evident get deliveries siem')}`,
    )
    .action(async (kind: string, name: string, options: Record<string, unknown>) => {
      if (kind === 'deliveries') {
        const { getDeliveries } = await import('./commands/webhookCommands.ts');
        await getDeliveries(name, options);
        return;
      }
      if (kind === 'approval') {
        const { showApproval } = await import('./commands/approvalCommands.ts');
        await showApproval(name, options);
        return;
      }
      if (kind === 'snapshot') {
        const { getSnapshot } = await import('./commands/snapshotQueries.ts');
        await getSnapshot(name, options);
        return;
      }
      const { get } = await import('./commands/readCommands.ts');
      await get(kind, name, options);
    });
  readOptions(root.command('list'))
    .addArgument(new Argument('<kind>').choices(['flows', 'trails', 'environments', 'approvals', 'webhooks']))
    .description(
      'List flows, the trails of a flow (with --flow), environments with their compliance, approvals, or webhooks.',
    )
    .option('--flow <flow>', 'the flow whose trails to list')
    .option('--environment <environment>', 'approvals into this environment only')
    .addOption(new Option('--status <status>', 'approvals in this state').choices(APPROVAL_FILTERS))
    .option('--limit <n>', 'at most this many approvals, 1 to 500 (default 100)')
    .addHelpText(
      'after',
      example(
        '  $ evident list trails --flow payments-api\n  $ evident list environments\n  $ evident list approvals --status pending --environment prod\n  $ evident list webhooks',
      ),
    )
    .action(async (kind: string, options: Record<string, unknown>) => {
      if (kind === 'webhooks') {
        const { listWebhooks } = await import('./commands/webhookCommands.ts');
        await listWebhooks(options);
        return;
      }
      if (kind === 'approvals') {
        const { listApprovals } = await import('./commands/approvalCommands.ts');
        await listApprovals(options);
        return;
      }
      if (kind === 'environments') {
        const { listEnvironments } = await import('./commands/environmentCommands.ts');
        await listEnvironments(options);
        return;
      }
      const { list } = await import('./commands/readCommands.ts');
      await list(kind, options);
    });
  const evidence = root.command('evidence').description('The evidence vault.');
  readOptions(evidence.command('get <sha256>'))
    .description('Download an evidence file (checked against its SHA-256) to stdout or --out.')
    .option('-o, --out <file>', 'write to this file')
    .addHelpText('after', example('  $ evident evidence get 3a7bd3e2… -o junit.xml'))
    .action(async (sha256: string, options: Record<string, unknown>) => {
      const { evidenceGet } = await import('./commands/readCommands.ts');
      await evidenceGet(sha256, options);
    });
  const config = common(root.command('config'))
    .description('Show the settings in force (flags > EVIDENT_* > config file > defaults), token hidden.')
    .addHelpText('after', example('  $ evident config --output json'))
    .action(async (options: Record<string, unknown>) => {
      const { showConfig } = await import('./commands/configCommand.ts');
      showConfig(options);
    });
  config
    .command('set <key> <value>')
    .description(
      'Store a setting in the config file: host, org, api-token, output, state-dir, vkey, fail-open.',
    )
    .option('--config <file>', 'config file (EVIDENT_CONFIG; default ~/.config/evident/config.json)')
    .addHelpText('after', example('  $ evident config set host https://evident.example.com'))
    .action(async (key: string, value: string, options: Record<string, unknown>) => {
      const { setConfig } = await import('./commands/configCommand.ts');
      setConfig(key, value, options);
    });

  readOptions(root.command('search <query>'))
    .description(
      'Find artifacts, trails and evidence by a SHA-256 or commit prefix (5 to 64 hex digits), and flows, trails, artifacts and environments by part of their name (a run of 7 or more hex digits is taken as a prefix only).',
    )
    .addHelpText('after', example('  $ evident search 9f86d08\n  $ evident search payments'))
    .action(async (query: string, options: Record<string, unknown>) => {
      const { search } = await import('./commands/queryCommands.ts');
      await search(query, options);
    });

  const spool = root.command('spool').description('Records kept while the server was unreachable.');
  readOptions(spool.command('list'))
    .description('List spooled records, oldest first.')
    .addHelpText('after', example('  $ evident spool list'))
    .action(async (options: Record<string, unknown>) => {
      const { spoolList } = await import('./commands/queryCommands.ts');
      spoolList(options);
    });
  common(spool.command('flush'))
    .description(
      'Send spooled records to the server configured now, each recorded once whatever happened before; exit 4 if still unreachable.',
    )
    .addHelpText('after', example('  $ evident spool flush'))
    .action(async (options: Record<string, unknown>) => {
      const { spoolFlush } = await import('./commands/queryCommands.ts');
      process.exitCode = await spoolFlush(options);
    });
}

/** `evident verify log`: online, as a client — the live log extends what was seen before. */
export function registerVerifyLog(verify: Command): void {
  readOptions(verify.command('log'))
    .description(
      "Check the server's latest checkpoint: signed by the trusted key, consistent with every one seen before.",
    )
    .option('--checkpoint <file>', 'a checkpoint saved earlier that the live log must extend')
    .addHelpText(
      'after',
      example('  $ evident verify log --vkey "$EVIDENT_VKEY" --checkpoint audit-2026-q3.checkpoint'),
    )
    .action(async (options: Record<string, unknown>) => {
      const { verifyLog } = await import('./commands/queryCommands.ts');
      process.exitCode = await verifyLog(options);
    });
}
