import { EvidentError, isEvidentError } from '../../core/errors.ts';
import type { Checkpoint } from '../../core/ledger/checkpoint.ts';
import { normaliseSha256 } from '../../core/model/trail.ts';
import { ApiClient } from '../client/apiClient.ts';
import { flushSpool } from '../client/delivery.ts';
import { LogWitness } from '../client/logWitness.ts';
import { EXIT } from '../exitCodes.ts';
import { fingerprintOf, type FingerprintType } from '../fingerprintOf.ts';
import { readInput } from '../inputFile.ts';
import { emit, joinReasons, verdict } from '../output.ts';
import { Recorder } from '../recorder.ts';
import { resolveSettings } from '../settings.ts';

type Options = Record<string, unknown>;

/** `evident fingerprint PATH --type file|dir|oci` */
export async function fingerprintCommand(path: string, options: Options): Promise<void> {
  const type = (typeof options.type === 'string' ? options.type : 'file') as FingerprintType;
  const exclude = Array.isArray(options.exclude) ? (options.exclude as string[]) : [];
  process.stdout.write(`${await fingerprintOf(path, type, exclude)}\n`);
}

/**
 * `evident assert artifact FINGERPRINT`: exit 0 when every trail that reported it says it is
 * compliant, 3 with the reasons when not (DESIGN §5 exit codes).
 */
export async function assertArtifact(fingerprint: string, options: Options): Promise<number> {
  const settings = resolveSettings(options, process.env);
  const hex = normaliseSha256(fingerprint);
  if (hex === undefined)
    throw new EvidentError('bad_request', 'the fingerprint must be a SHA-256 (64 hex digits)');
  const client = new ApiClient({ host: settings.host, token: settings.token });
  let body: unknown;
  try {
    ({ body } = await client.request(
      'GET',
      `/api/v1/orgs/${encodeURIComponent(settings.org)}/artifacts/${hex}`,
    ));
  } catch (error) {
    if (!isEvidentError(error, 'not_found')) throw error;
    // An artifact no pipeline reported is not compliant: the gate says so (exit 3), it is no usage error.
    emit(settings.output, {
      json: { fingerprint: hex, reports: [], compliant: false },
      title: `artifact ${hex}: ${verdict(false, settings.output)}`,
      notes: ['no trail reported this fingerprint: it has no provenance'],
    });
    return EXIT.assertion;
  }
  const reports = (
    body as {
      reports: { artifact: { flow: string; trail: string; compliant: boolean; reasons: string[] } }[];
    }
  ).reports;
  const failing = reports.filter((r) => !r.artifact.compliant);
  emit(settings.output, {
    json: body,
    title: `artifact ${hex}: ${verdict(failing.length === 0, settings.output)}`,
    table: {
      headers: ['trail', 'verdict', 'reasons'],
      rows: reports.map(({ artifact }) => [
        `${artifact.flow}/${artifact.trail}`,
        verdict(artifact.compliant, settings.output),
        joinReasons(artifact.reasons),
      ]),
    },
  });
  return failing.length === 0 ? EXIT.ok : EXIT.assertion;
}

/** `evident spool list` */
export function spoolList(options: Options): void {
  const settings = resolveSettings(options, process.env);
  const records = Recorder.spoolOf(settings).list();
  emit(settings.output, {
    json: records.map((r) => r.record),
    table: {
      headers: ['spooled at', 'request'],
      rows: records.map(({ record }) => [record.spooledAt, `${record.method} ${record.host}${record.path}`]),
    },
    empty: 'the spool is empty',
  });
}

/** `evident spool flush`: exit 4 if the server is still unreachable (records stay), else 0. */
export async function spoolFlush(options: Options): Promise<number> {
  const settings = resolveSettings(options, process.env);
  // To the server configured now (--host, EVIDENT_HOST, the config file), which may have moved since
  // the records were spooled; the paths are relative to it.
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const result = await flushSpool(Recorder.spoolOf(settings), () => client);
  const waiting = result.remaining > 0 ? ` (${settings.host} is unreachable)` : '';
  process.stdout.write(
    settings.output === 'json'
      ? `${JSON.stringify({ ...result, host: settings.host })}\n`
      : `sent ${result.sent}, rejected ${result.rejected} (kept in the spool's rejected/ folder), still waiting ${result.remaining}${waiting}\n`,
  );
  return result.remaining > 0 ? EXIT.unreachable : EXIT.ok;
}

/**
 * `evident verify log`: the server's latest checkpoint must be signed by the trusted key and be
 * consistent with the last one this client saw; with `--checkpoint FILE`, the live log must also
 * extend that checkpoint, saved earlier (proved with a consistency proof from the server).
 */
export async function verifyLog(options: Options): Promise<number> {
  const settings = resolveSettings(options, process.env);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const witness = new LogWitness(settings.stateDir, client, settings.host, settings.vkeys);
  const org = encodeURIComponent(settings.org);
  const savedNote = typeof options.checkpoint === 'string' ? await readInput(options.checkpoint) : undefined;
  const { text } = await client.request('GET', `/api/v1/orgs/${org}/log/checkpoint`, {
    accept: 'text/plain',
  });
  let checkpoint: Checkpoint;
  let saved: Checkpoint | undefined;
  try {
    checkpoint = await witness.checkCheckpoint(settings.org, text);
    saved =
      savedNote === undefined
        ? undefined
        : await witness.checkExtends(settings.org, savedNote, text, checkpoint, String(options.checkpoint));
  } finally {
    // Trust on first use: the key checked against came from the server itself, in this very run.
    if (witness.pinnedOnFirstUse.length > 0) {
      process.stderr.write(
        `trusting the server's key on first use: ${witness.pinnedOnFirstUse.join(', ')}; pass --vkey to check against a key you got another way\n`,
      );
    }
  }
  const extendsSaved = saved === undefined ? '' : `, and extends the saved checkpoint of size ${saved.size}`;
  process.stdout.write(
    settings.output === 'json'
      ? `${JSON.stringify({ origin: checkpoint.origin, size: checkpoint.size, consistent: true, ...(saved !== undefined && { extends: { size: saved.size } }) })}\n`
      : `OK: ${checkpoint.origin} has ${checkpoint.size} entries, signed and consistent with every checkpoint this client saw${extendsSaved}\n`,
  );
  return EXIT.ok;
}

/** `evident search PREFIX`: fingerprints, commits and evidence starting with 5+ hex digits. */
export async function search(query: string, options: Options): Promise<void> {
  const settings = resolveSettings(options, process.env);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const q = query.trim();
  if (q.length < 2 || q.length > 100)
    throw new EvidentError(
      'bad_request',
      `search takes 2 to 100 characters: a SHA-256 or commit prefix, or part of a name, not "${query}"`,
    );
  const { body } = await client.request(
    'GET',
    `/api/v1/orgs/${encodeURIComponent(settings.org)}/search?q=${encodeURIComponent(q)}`,
  );
  const found = body as { hits: SearchHit[] };
  const mark = (ok: boolean | null | undefined) =>
    ok === null || ok === undefined ? '' : verdict(ok, settings.output);
  emit(settings.output, {
    json: found,
    table: {
      headers: ['kind', 'what', 'where', 'verdict', 'matched by'],
      rows: found.hits.map((hit) => [...describeHit(hit), mark(hit.compliant), hit.matched]),
    },
    empty: `nothing found for ${q}`,
  });
}

/** One hit of GET /search (src/server/routes/searchRoutes.ts), as the API answers it. */
type SearchHit = { matched: string; compliant?: boolean | null } & (
  | { kind: 'artifact'; fingerprint: string; name: string; flow: string | null; trail: string | null }
  | { kind: 'trail'; flow: string; trail: string; commit: string | null }
  | { kind: 'flow'; flow: string }
  | { kind: 'environment'; environment: string; type: string }
  | { kind: 'evidence'; sha256: string; size: number }
);

function describeHit(hit: SearchHit): [string, string, string] {
  switch (hit.kind) {
    case 'artifact':
      return [
        'artifact',
        hit.fingerprint,
        hit.flow === null ? `${hit.name} (no provenance)` : `${hit.name} in ${hit.flow}/${hit.trail ?? ''}`,
      ];
    case 'trail':
      return ['trail', hit.commit ?? '', `${hit.flow}/${hit.trail}`];
    case 'flow':
      return ['flow', hit.flow, ''];
    case 'environment':
      return ['environment', hit.environment, hit.type];
    case 'evidence':
      return ['evidence', hit.sha256, `${hit.size} bytes`];
  }
}
