import { readFileSync } from 'node:fs';
import { parseTrustFile, type TrustedKey } from '../../core/audit/trustFile.ts';
import { verifyPackage, type PackageVerification } from '../../core/audit/verifyPackage.ts';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { verifierFromVkey } from '../../core/ledger/noteKeys.ts';
import { untarPackage } from '../audit/untarPackage.ts';
import { EXIT } from '../exitCodes.ts';

/**
 * `evident verify package FILE`: offline — the file and the trusted keys are all it reads. Exit 0
 * when the package verifies, 5 with one line per finding when not, 2 for input that is not a usable
 * package (thrown as `bad_request`).
 */
export async function verifyPackageCommand(file: string, options: Record<string, unknown>): Promise<number> {
  const trusted = trustedKeys(options);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new EvidentError('bad_request', `cannot read ${file}: ${messageOf(error)}`);
  }
  const files = await untarPackage(bytes);
  const result = verifyPackage(files, trusted);
  process.stdout.write(
    options.output === 'json'
      ? `${JSON.stringify({ file, ...result, ...(result.ok ? { note: COMPLETENESS_NOTE } : {}) }, null, 2)}\n`
      : textReport(file, result),
  );
  return result.ok ? EXIT.ok : EXIT.verification;
}

function trustedKeys(options: Record<string, unknown>): TrustedKey[] {
  const vkeys = Array.isArray(options.vkey) ? (options.vkey as string[]) : [];
  const trust = typeof options.trust === 'string' ? options.trust : undefined;
  if ((vkeys.length === 0) === (trust === undefined))
    throw new EvidentError(
      'bad_request',
      'give the keys to trust: --vkey KEY… or --trust FILE (one of them)',
    );
  if (trust !== undefined) {
    let text: string;
    try {
      text = readFileSync(trust, 'utf8');
    } catch (error) {
      throw new EvidentError('bad_request', `cannot read --trust ${trust}: ${messageOf(error)}`);
    }
    return parseTrustFile(text);
  }
  return vkeys.map((given) => {
    // `@FILE` reads the key from a file, as `verify tiles --vkey @FILE` does.
    let vkey = given;
    if (given.startsWith('@')) {
      try {
        vkey = readFileSync(given.slice(1), 'utf8').trim();
      } catch (error) {
        throw new EvidentError('bad_request', `cannot read --vkey ${given}: ${messageOf(error)}`);
      }
    }
    try {
      verifierFromVkey(vkey);
    } catch (error) {
      throw new EvidentError('bad_request', `--vkey ${given.slice(0, 40)}: ${messageOf(error)}`);
    }
    return { vkey };
  });
}

/** What no package can prove (docs/audit-package.md "What a package holds"). */
const COMPLETENESS_NOTE =
  'Note: a package proves that what it holds is in the log; it cannot prove that nothing was left out — compare with the live log (evident verify log) or another package.';

function subjectText(subject: PackageVerification['subject']): string {
  if (subject === null) return 'unknown';
  if (subject.kind === 'artifact') return `artifact sha256:${subject.fingerprint}`;
  if (subject.kind === 'trail') return `trail ${subject.trail} of flow ${subject.flow}`;
  return `environment ${subject.name} from ${subject.from} until ${subject.until}`;
}

function textReport(file: string, r: PackageVerification): string {
  const lines = [`package ${file}: ${subjectText(r.subject)}${r.org === null ? '' : ` (org ${r.org})`}`];
  if (r.checkpoint !== null)
    lines.push(
      `checkpoint: size ${r.checkpoint.size}, root ${r.checkpoint.rootHash}, time ${r.checkpoint.time ?? 'unknown'}, signed by ${r.signedBy.length === 0 ? 'no trusted key' : r.signedBy.join(', ')}`,
    );
  lines.push(
    `entries: ${r.entries}, evidence files: ${r.evidence}, attestations re-evaluated: ${r.attestationsReevaluated}`,
  );
  if (r.ok) {
    lines.push(
      'OK: every entry is in the signed log (inclusion proofs), every evidence file has its digest, every verdict re-evaluates the same, and the report matches the entries',
      COMPLETENESS_NOTE,
    );
  } else {
    // A checkpoint no trusted key vouches for cannot be relied on, but is no sign of tampering.
    for (const finding of r.notTrusted) lines.push(`NOT TRUSTED ${finding}`);
    for (const finding of r.findings) lines.push(`TAMPERED ${finding}`);
    const problems = r.findings.length + r.notTrusted.length;
    lines.push(
      `FAILED: ${problems} problem(s) found in ${file}${r.findings.length === 0 ? ' (none of them a sign of tampering: check the key you trust)' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
