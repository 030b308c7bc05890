import { EvidentError } from '../../core/errors.ts';
import { normaliseSha256 } from '../../core/model/trail.ts';
import { EXIT } from '../exitCodes.ts';
import { emit, verdict } from '../output.ts';
import { clientOf } from './readCommands.ts';

type Options = Record<string, unknown>;

/**
 * `evident assert artifact FP --environment ENV`: would the artifact comply with the environment's
 * policies if it ran there now? Exit 0, or 3 with the reasons — a deploy gate.
 */
export async function assertArtifactIn(
  fingerprint: string,
  environment: string,
  options: Options,
): Promise<number> {
  const hex = normaliseSha256(fingerprint);
  if (hex === undefined)
    throw new EvidentError('bad_request', 'the fingerprint must be a SHA-256 (64 hex digits)');
  const { settings, client, base } = clientOf(options);
  const { body } = await client.request(
    'GET',
    `${base}/environments/${encodeURIComponent(environment)}/check?fingerprint=${hex}`,
  );
  const { compliant, reasons, notes } = body as { compliant: boolean; reasons: string[]; notes?: string[] };
  emit(settings.output, {
    json: body,
    title: `artifact ${hex} in ${environment}: ${verdict(compliant, settings.output)}`,
    notes: (notes ?? []).map((note) => `BREAK-GLASS: ${note}`),
    table: { headers: ['reason'], rows: reasons.map((reason) => [reason]) },
    empty: `it satisfies the policies of ${environment}`,
  });
  return compliant ? EXIT.ok : EXIT.assertion;
}
