import { Option, type Command } from 'commander';
import { common, example, readOptions } from './recordProgram.ts';

/** The `export` group, created once whoever registers first (the audit package lives there too). */
function exportGroup(root: Command): Command {
  return (
    root.commands.find((c) => c.name() === 'export') ??
    root.command('export').description('Export evidence in formats others can verify and use.')
  );
}

/** `evident export tiles DIR` and `evident export intoto FINGERPRINT` (issue #8 §3, §4). */
export function registerExportCommands(root: Command): void {
  const group = exportGroup(root);
  readOptions(group.command('tiles <dir>'))
    .description(
      "Write the org's whole log into DIR in the C2SP tlog-tiles layout (checkpoint, tile/…), for static mirroring.",
    )
    .addHelpText(
      'after',
      `
The live checkpoint is checked (trusted key, consistent with those seen before) and the tree rebuilt
from the entries must have its root. Run it again later on the same DIR: a DIR exported before must
hold a checkpoint the live log extends (else exit 5 and nothing is written); full tiles are kept
(immutable), the partial tiles are replaced by fuller ones, and the checkpoint is written last.
Serve DIR as static files; check a copy offline with \`evident verify tiles DIR --vkey KEY\`.
${example('  $ evident export tiles ./mirror/payments --org payments')}`,
    )
    .action(async (dir: string, options: Record<string, unknown>) => {
      const { exportTiles } = await import('./commands/exportTiles.ts');
      await exportTiles(dir, options);
    });
  readOptions(group.command('intoto <fingerprint>'))
    .description(
      'Export what Evident knows of an artifact as in-toto Statements v1 (JSON Lines): SLSA provenance, test results, vulnerability scans and a SLSA VSA.',
    )
    .option('-o, --out <file>', 'write to this file instead of stdout (.intoto.jsonl)')
    .addHelpText(
      'after',
      `
The statements are NOT signed (no DSSE envelope): they are anchored by the ledger, whose signed
checkpoints cover every fact they are built from. Verify those facts with \`evident verify\` or an audit
package; do not mistake an unsigned statement for a signed attestation.
${example('  $ evident export intoto sha256:9f86d081… -o app.intoto.jsonl')}`,
    )
    .action(async (fingerprint: string, options: Record<string, unknown>) => {
      const { exportInToto } = await import('./commands/exportInToto.ts');
      await exportInToto(fingerprint, options);
    });
}

/** `evident verify tiles DIR --vkey KEY`: offline, a tlog-tiles copy of a log against the key alone. */
export function registerVerifyTiles(verify: Command): void {
  verify
    .command('tiles <dir>')
    .description(
      'Verify a C2SP tlog-tiles copy of a log offline: checkpoint signature, entry bundles, every hash tile and the root (exit 5 naming the tile).',
    )
    .requiredOption('--vkey <vkey...>', 'verifier key(s) to trust (C2SP vkey, or @file)')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', example('  $ evident verify tiles ./mirror/payments --vkey "$EVIDENT_VKEY"'))
    .action(async (dir: string, options: Record<string, unknown>) => {
      const { verifyTiles } = await import('./commands/verifyTiles.ts');
      process.exitCode = await verifyTiles(dir, options);
    });
}

/** `evident attest intoto FILE`: in-toto statements, DSSE envelopes and Sigstore bundles as attestations. */
export function registerInTotoAttest(root: Command): void {
  const attest = root.commands.find((c) => c.name() === 'attest') ?? root.command('attest');
  common(attest.command('intoto <file>'))
    .description(
      'Import an in-toto Statement (v1 or v0.1), DSSE envelope, Sigstore bundle or .intoto.jsonl: one intoto attestation per statement and sha256 subject.',
    )
    .requiredOption('--flow <flow>', 'the flow')
    .requiredOption('--trail <trail>', 'the trail')
    .option(
      '--name <name>',
      'attestation name (default by predicate: slsa-provenance, test-result, vulns, vsa, intoto)',
    )
    .option(
      '--key <file>',
      'PEM public key or X.509 certificate that must verify every statement (repeatable, at most 10)',
      (file: string, files: string[] | undefined) => [...(files ?? []), file],
    )
    .addHelpText(
      'after',
      `
Each statement binds to the artifact whose fingerprint is one of its sha256 subject digests (subjects
without one, or with a malformed one, are recorded but match no artifact: the attestation is the
trail's). The file is stored as evidence. --name is refused when it would give two attestations of
one artifact (or of the trail) the same name, since only the latest of a name counts.

Signatures: with --key, every statement must be a DSSE envelope or Sigstore bundle with a signature
that verifies under one of the keys (Ed25519, ECDSA P-256/P-384, RSA PKCS#1 v1.5 or PSS with SHA-256),
or nothing is sent; the key that verified each is recorded with it and checked again whenever the
attestation is evaluated (also offline by evident verify package). A Sigstore bundle is always checked
against its own certificate, whose identity (SAN, OIDC issuer) is reported, and must carry a tlog
inclusion proof, checked against the root hash it carries (without one it is NOT compliant); the
certificate's chain to the Sigstore root and the Rekor signatures are NOT verified (no Sigstore trust
root offline). Without --key, plain DSSE signatures are not verified. Under each attestation a
"signature:" line says what verified its signature, or that it is unsigned.

Verdict: compliant, except a SLSA VSA whose verificationResult is FAILED, a test result whose result
is FAILED, a vulns scan with a result of a severity in the template's failOn (default CRITICAL, HIGH),
or a signature check above that fails. A template can require a signer: the intoto param signedBy
lists SPKI SHA-256 digests of keys, one of which must have verified the signature (a key given with
--key at import, or a Sigstore bundle's own certificate).
${example(`  $ evident attest intoto dist/app.intoto.jsonl --flow payments-api --trail "$GITHUB_SHA"
  $ evident attest intoto app.dsse.json --key signer.pub.pem --flow payments-api --trail "$GITHUB_SHA"`)}`,
    )
    .action(async (file: string, options: Record<string, unknown>) => {
      const { attestInToto } = await import('./commands/attestInToto.ts');
      await attestInToto(file, options);
    });
}
