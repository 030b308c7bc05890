import { writeFileSync } from 'node:fs';
import { EvidentError, messageOf } from '../../core/errors.ts';
import { INTOTO_BUNDLE_MEDIA_TYPE } from '../../core/intoto/inTotoTypes.ts';
import { checkSha256 } from '../../core/model/trail.ts';
import { ApiClient } from '../client/apiClient.ts';
import { resolveSettings } from '../settings.ts';

type Options = Record<string, unknown>;

/**
 * `evident export intoto FINGERPRINT [-o FILE]`: the artifact's in-toto statements as JSON Lines
 * (an `.intoto.jsonl` bundle of unsigned Statements v1), to stdout or FILE.
 */
export async function exportInToto(fingerprint: string, options: Options): Promise<void> {
  const settings = resolveSettings(options, process.env);
  const hex = checkSha256(fingerprint);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const { text } = await client.request(
    'GET',
    `/api/v1/orgs/${encodeURIComponent(settings.org)}/artifacts/${hex}/intoto`,
    { accept: INTOTO_BUNDLE_MEDIA_TYPE },
  );
  const out = typeof options.out === 'string' ? options.out : undefined;
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new EvidentError('bad_request', `cannot write ${out}: ${messageOf(error)}`);
  }
  const count = text.split('\n').filter((line) => line !== '').length;
  process.stderr.write(`wrote ${count} in-toto statements about ${hex} to ${out}\n`);
}
