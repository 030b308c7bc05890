import { Argument, Command, CommanderError, Option } from 'commander';
import { isEvidentError } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import type { Shell } from './completion.ts';
import { registerApprovalCommands } from './approvalProgram.ts';
import { registerIdentityCommands } from './identityProgram.ts';
import { registerExportAuditPackage, registerVerifyPackage } from './auditProgram.ts';
import { EXIT, exitCodeOf } from './exitCodes.ts';
import { registerEnvironmentCommands } from './environmentProgram.ts';
import { registerExportCommands, registerInTotoAttest, registerVerifyTiles } from './exportProgram.ts';
import { registerRecordCommands, registerVerifyLog } from './recordProgram.ts';
import { registerWebhookCommands } from './webhookProgram.ts';

/**
 * The `evident` command tree. Subcommands load their modules only when they run, so start-up stays
 * fast (DESIGN §5, §9).
 */
function program(): Command {
  const root = new Command('evident')
    .description('Evident: the verifiable compliance system of record for software delivery.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(add --help for the options and an example)')
    // A command's options belong to it, not to its parent: `verify log --checkpoint F` is the
    // checkpoint of `verify log`, though `verify` has a --checkpoint of its own. Inherited by every
    // command created below.
    .enablePositionalOptions()
    .exitOverride();
  root
    .command('server')
    .description('Run the Evident server (embedded SQLite by default, or PostgreSQL).')
    .option(
      '--data-dir <dir>',
      'SQLite database, evidence, signing keys and witness checkpoints',
      process.env.EVIDENT_DATA_DIR ?? './evident-data',
    )
    .option(
      '--database-url <url>',
      'use PostgreSQL instead of SQLite (postgres://user:pass@host:port/db)',
      process.env.EVIDENT_DATABASE_URL,
    )
    .option('--host <host>', 'address to listen on', process.env.EVIDENT_LISTEN_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', process.env.EVIDENT_PORT ?? '8080')
    .option('--origin <origin>', 'log origin, fixed on first start; org logs are <origin>/<org>')
    .option('--key-dir <dir>', 'signing key folder (default <data-dir>/keys); share it across processes')
    .option('--witness-dir <dir>', 'where the latest checkpoints are mirrored (default <data-dir>/witness)')
    .option('--trust-proxy', 'take client addresses from X-Forwarded-For (behind a reverse proxy)')
    .option('--body-limit <bytes>', 'largest JSON request body accepted', '1048576')
    .option('--evidence-limit <bytes>', 'largest evidence file accepted', String(100 * 1024 * 1024))
    .option(
      '--verify-every <interval>',
      "verify each org's log when its last verification is this old (s, m, h, d; off: never)",
      process.env.EVIDENT_VERIFY_EVERY ?? '24h',
    )
    .option('--quiet', 'no request log (warnings and errors only)')
    .addHelpText(
      'after',
      `
Scheduled verification replays each org's log as \`evident verify\` does, records the run (Ledger page,
GET /api/v1/orgs/{org}/log/verifications) and logs an error when it finds a problem.

Environment: EVIDENT_BOOTSTRAP_TOKEN (evd_ + 43 base64url characters) becomes the default org's
admin token on the first start; later starts ignore it. Keep --key-dir and --witness-dir on storage
the database administrators cannot write: the witness is what exposes a rolled-back database.

Examples:
  $ evident server                                   # SQLite in ./evident-data, http://127.0.0.1:8080
  $ evident server --database-url postgres://evident@db:5432/evident --host 0.0.0.0 --key-dir /etc/evident/keys`,
    )
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const { serverCommand } = await import('./commands/serverCommand.ts');
      await serverCommand(options);
    });
  const verify = root
    .command('verify')
    .description('Replay the whole ledger offline and report any tampering (exit 5).')
    .option(
      '--data-dir <dir>',
      'data folder of an embedded server',
      process.env.EVIDENT_DATA_DIR ?? './evident-data',
    )
    .option('--database-url <url>', 'verify a PostgreSQL database instead', process.env.EVIDENT_DATABASE_URL)
    .option('--key-dir <dir>', 'signing key folder (default <data-dir>/keys)')
    .option('--vkey <vkey...>', 'verifier keys to trust instead of the key folder')
    .option('--witness-dir <dir>', 'witness checkpoints the server wrote (default <data-dir>/witness)')
    .option('--evidence-dir <dir>', 'the evidence vault to re-hash (default <data-dir>/evidence)')
    .option('--checkpoint <file...>', 'checkpoints saved earlier that the log must extend')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Checks every entry's bytes and leaf hash, every stored tree node, every signed checkpoint and the
tree head, the witness checkpoints, and rebuilds the projections to compare. Reads one snapshot and
writes nothing, so it may run while servers keep writing, and on a read-only copy.

Examples:
  $ evident verify --data-dir ./evident-data
  $ evident verify --database-url postgres://evident@db/evident --key-dir /etc/evident/keys --checkpoint saved.txt`,
    )
    .action(async (options: Record<string, string | string[] | undefined>) => {
      const { verifyCommand } = await import('./commands/verifyCommand.ts');
      process.exitCode = await verifyCommand(options);
    });
  registerRecordCommands(root);
  registerInTotoAttest(root);
  registerEnvironmentCommands(root);
  registerApprovalCommands(root);
  registerWebhookCommands(root);
  registerIdentityCommands(root);
  root
    .command('version')
    .description('Print the version of evident.')
    .addHelpText('after', '\nExample:\n  $ evident version')
    .action(() => {
      process.stdout.write(`${VERSION}\n`);
    });
  root
    .command('completion')
    .addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish']))
    .description('Print the shell completion script for bash, zsh or fish.')
    .addHelpText(
      'after',
      `
Examples:
  $ source <(evident completion bash)        # add to ~/.bashrc
  $ source <(evident completion zsh)         # add to ~/.zshrc
  $ evident completion fish > ~/.config/fish/completions/evident.fish`,
    )
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion.ts');
      process.stdout.write(completionScript(root, shell));
    });
  registerVerifyLog(verify);
  registerVerifyTiles(verify);
  registerExportCommands(root);
  registerExportAuditPackage(root);
  registerVerifyPackage(verify);
  const keys = root.command('keys').description("Manage the server's checkpoint signing keys.");
  for (const [name, description] of [
    ['list', 'Print the verifier keys (C2SP vkey format), oldest first; the last one signs.'],
    ['rotate', 'Add a new signing key; old keys stay published so old checkpoints keep verifying.'],
  ] as const) {
    keys
      .command(name)
      .description(description)
      .option(
        '--data-dir <dir>',
        'data folder holding keys/',
        process.env.EVIDENT_DATA_DIR ?? './evident-data',
      )
      .option('--key-dir <dir>', 'signing key folder (default <data-dir>/keys)')
      .addHelpText('after', `\nExample:\n  $ evident keys ${name} --data-dir ./evident-data`)
      .action(async (options: Record<string, string | undefined>) => {
        const { listKeys, rotateKey } = await import('./commands/keysCommand.ts');
        (name === 'list' ? listKeys : rotateKey)(options);
      });
  }
  return root;
}

/** Parses and runs one command line, setting the exit code of DESIGN §5. */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (isEvidentError(error)) {
      process.stderr.write(`evident: ${error.message}\n`);
      process.exitCode = exitCodeOf(error.code);
      return;
    }
    process.stderr.write(
      `evident: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.unexpected;
  }
}
