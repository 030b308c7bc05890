import { Option, type Command } from 'commander';
import { example, readOptions } from './recordProgram.ts';

/** The `export` group, created once whoever registers first (exportProgram.ts adds tiles and intoto). */
function exportGroup(root: Command): Command {
  return (
    root.commands.find((c) => c.name() === 'export') ??
    root.command('export').description('Export evidence in formats others can verify and use.')
  );
}

/** `evident export audit-package` (issue #8 §1, docs/audit-package.md). */
export function registerExportAuditPackage(root: Command): void {
  readOptions(exportGroup(root).command('audit-package'))
    .description(
      'Download a reproducible, offline-verifiable audit package (.tar.gz) of an artifact, a trail, or an environment over a time range.',
    )
    .option('--artifact <sha256>', 'an artifact, by fingerprint')
    .option('--flow <flow>', 'with --trail: a trail of this flow')
    .option('--trail <trail>', 'with --flow: the trail')
    .option('--environment <name>', 'with --from and --until: an environment over that range')
    .option('--from <time>', 'start of the range: 2026-11-16T00:00:00Z, 2026-11-16, now, 7.days.ago')
    .option('--until <time>', 'end of the range (inclusive), same forms')
    .option(
      '-o, --out <file>',
      'where to write it (default: the name the server gives, in the current folder)',
    )
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
The package holds every relevant ledger entry with its inclusion proof against the latest signed
checkpoint, the evidence files its attestations reference, the templates and policies in force, a
report (report.html) and a manifest. Anyone can check it offline with \`evident verify package FILE
--vkey KEY\`. The same log state and subject give the same bytes. With --vkey (or EVIDENT_VKEY) the
package is verified that way before it is written (exit 5 if it does not verify).
${example(
  '  $ evident export audit-package --artifact sha256:9f86d081… -o audit.tar.gz\n  $ evident export audit-package --flow payments-api --trail "$GITHUB_SHA"\n  $ evident export audit-package --environment prod --from 2026-10-01 --until 2026-12-31T23:59:59Z',
)}`,
    )
    .action(async (options: Record<string, unknown>) => {
      const { exportAuditPackage } = await import('./commands/exportAuditPackage.ts');
      await exportAuditPackage(options);
    });
}

/** `evident verify package FILE`: offline, no server (issue #8 §2). */
export function registerVerifyPackage(verify: Command): void {
  verify
    .command('package <file>')
    .description(
      'Verify an audit package offline: checkpoint signature, inclusion proofs, entry bytes, evidence digests, compliance re-evaluated from the evidence, the report (exit 5 naming what was altered).',
    )
    .option('--vkey <vkey...>', 'verifier key(s) to trust (C2SP vkey)')
    .option(
      '--trust <file>',
      'trust file: one vkey a line, optionally with not-before=<time> not-after=<time>',
    )
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Needs no server and no network. The archive is unpacked into memory only, and refused (exit 2, naming
the rule) when it holds links, devices, directories, absolute or ".." paths, backslashes, NULs, a
name twice, a file no package has, or inflates past the size and compression-ratio caps. The
checkpoint's time is that of its last entry, which every package holds: a key from --trust must be
valid then.
${example(
  '  $ evident verify package evident-audit-artifact-9f86d081884c-120.tar.gz --vkey "$EVIDENT_VKEY"\n  $ evident verify package audit.tar.gz --trust auditor-keys.txt --output json',
)}`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { verifyPackageCommand } = await import('./commands/verifyPackageCommand.ts');
      process.exitCode = await verifyPackageCommand(file, options);
    });
}
