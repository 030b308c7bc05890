import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { importPlan } from '../../core/intoto/importPlan.ts';
import { MAX_INTOTO_BYTES, noArtifactReason, readInToto } from '../../core/intoto/readInToto.ts';
import { signersOf } from '../../core/intoto/signersOf.ts';
import {
  MAX_KEY_PEM_CHARS,
  MAX_VERIFICATION_KEYS,
  parseVerificationKey,
  type VerificationKey,
} from '../../core/intoto/verificationKey.ts';
import { fileSha256 } from '../../fingerprint/fileDigest.ts';
import { joinReasons } from '../output.ts';
import { print, recorder, required, text } from './recordCommands.ts';

type Options = Record<string, unknown>;

interface Imported {
  statement: number;
  predicateType: string;
  name: string;
  subject: string | null;
  artifactReported: boolean;
  compliant: boolean;
  reasons: string[];
  signatures: { note: string } | null;
}

/** The PEM keys of `--key FILE` (repeatable), checked here so a bad one is refused before sending. */
function keysOf(options: Options): VerificationKey[] {
  const files = Array.isArray(options.key) ? (options.key as string[]) : [];
  if (files.length > MAX_VERIFICATION_KEYS) {
    throw new EvidentError('bad_request', `at most ${MAX_VERIFICATION_KEYS} --key files`);
  }
  return files.map((file) => {
    let pem: string;
    try {
      if (statSync(file).size > MAX_KEY_PEM_CHARS)
        throw new Error(`it is larger than ${MAX_KEY_PEM_CHARS} bytes`);
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new EvidentError('bad_request', `cannot read --key ${file}: ${messageOf(error)}`);
    }
    return parseVerificationKey(pem, `--key ${file}`);
  });
}

/**
 * `evident attest intoto FILE --flow F --trail T [--name N] [--key PEM]…`: reads the file here first
 * (a Statement, DSSE envelope, Sigstore bundle or JSON Lines of them) and, with keys, checks every
 * statement is signed by one, and that `--name` makes no two attestations of one target (importPlan),
 * so a file that fails is refused before anything is sent; then uploads it as evidence and imports it
 * (POST …/trails/T/intoto, with the keys): one `intoto` attestation per statement and sha256 subject,
 * each with a `signature:` line saying what verified its signature, or that it is unsigned.
 */
export async function attestInToto(file: string, options: Options): Promise<void> {
  let bytes: Uint8Array;
  try {
    if (statSync(file).size > MAX_INTOTO_BYTES) {
      throw new Error(`it is larger than ${MAX_INTOTO_BYTES} bytes`);
    }
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new EvidentError('bad_request', `cannot read ${file}: ${messageOf(error)}`);
  }
  const sha256 = await fileSha256(file);
  const statements = readInToto({ name: basename(file), sha256, bytes });
  const keys = keysOf(options);
  signersOf(statements, keys, basename(file));
  const name = text(options, 'name');
  importPlan(statements, basename(file), name);
  const { settings, recorder: r } = recorder(options);
  await r.write({
    method: 'PUT',
    path: `/evidence/${sha256}`,
    raw: { file, contentType: 'application/octet-stream' },
  });
  const result = (await r.write({
    method: 'POST',
    path: `/flows/${encodeURIComponent(required(options, 'flow'))}/trails/${encodeURIComponent(required(options, 'trail'))}/intoto`,
    body: {
      evidence: { sha256, name: basename(file) },
      ...(name !== undefined && { name }),
      ...(keys.length > 0 && { keys: keys.map((k) => k.pem) }),
    },
  })) as { attestations?: Imported[] } | undefined;
  r.finish();
  if (result?.attestations === undefined) return;
  const lines = result.attestations.map((a) => {
    const statement = statements[a.statement];
    const target =
      a.subject === null
        ? `the trail (${statement === undefined ? 'no sha256 subject' : noArtifactReason(statement)}, so it matches no artifact)`
        : `artifact ${a.subject}${a.artifactReported ? '' : ' (not reported in this trail yet; binds when it is)'}`;
    const verdict = a.compliant ? 'compliant' : `NOT compliant: ${joinReasons(a.reasons)}`;
    const signature = `\n  signature: ${a.signatures?.note ?? 'not evaluated'}`;
    return `intoto attestation ${a.name} (${a.predicateType}) of statement ${a.statement} about ${target}: ${verdict}${signature}`;
  });
  print(settings, lines.join('\n'), result);
}
