import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { MAX_INTOTO_BYTES, readInToto } from '../../core/intoto/readInToto.ts';
import { fileSha256 } from '../../fingerprint/fileDigest.ts';
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
}

/**
 * `evident attest intoto FILE --flow F --trail T [--name N]`: reads the file here first (a Statement,
 * DSSE envelope, Sigstore bundle or JSON Lines of them), so a file that is not one is refused before
 * anything is sent; then uploads it as evidence and imports it (POST …/trails/T/intoto): one
 * `intoto` attestation per statement and sha256 subject.
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
  const { settings, recorder: r } = recorder(options);
  await r.write({
    method: 'PUT',
    path: `/evidence/${sha256}`,
    raw: { file, contentType: 'application/octet-stream' },
  });
  const name = text(options, 'name');
  const result = (await r.write({
    method: 'POST',
    path: `/flows/${encodeURIComponent(required(options, 'flow'))}/trails/${encodeURIComponent(required(options, 'trail'))}/intoto`,
    body: { evidence: { sha256, name: basename(file) }, ...(name !== undefined && { name }) },
  })) as { attestations?: Imported[] } | undefined;
  r.finish();
  if (result?.attestations === undefined) return;
  const lines = result.attestations.map((a) => {
    const target =
      a.subject === null
        ? 'the trail (no sha256 subject: matches no artifact)'
        : `artifact ${a.subject}${a.artifactReported ? '' : ' (not reported in this trail yet; binds when it is)'}`;
    const verdict = a.compliant ? 'compliant' : `NOT compliant: ${a.reasons.join('; ')}`;
    return `intoto attestation ${a.name} (${a.predicateType}) of statement ${a.statement} about ${target}: ${verdict}`;
  });
  const unsigned = statements.every((s) => s.signatures.length === 0);
  const signatures = unsigned ? '' : '\nDSSE signatures were recorded, not verified.';
  print(settings, `${lines.join('\n')}${signatures}`, result);
}
