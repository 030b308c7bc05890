import { readFileSync } from 'node:fs';
import { EvidentError } from '../../core/errors.ts';
import { normaliseSha256 } from '../../core/model/trail.ts';
import { ApiClient } from '../client/apiClient.ts';
import { flushSpool } from '../client/delivery.ts';
import { LogWitness } from '../client/logWitness.ts';
import { EXIT } from '../exitCodes.ts';
import { fingerprintOf, type FingerprintType } from '../fingerprintOf.ts';
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
  const { body } = await client.request(
    'GET',
    `/api/v1/orgs/${encodeURIComponent(settings.org)}/artifacts/${hex}`,
  );
  const reports = (
    body as {
      reports: { artifact: { flow: string; trail: string; compliant: boolean; reasons: string[] } }[];
    }
  ).reports;
  const failing = reports.filter((r) => !r.artifact.compliant);
  if (settings.output === 'json') process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  else if (settings.output === 'markdown') {
    // A table for CI job summaries.
    process.stdout.write('| trail | compliant | reasons |\n| --- | --- | --- |\n');
    for (const { artifact } of reports) {
      const reasons = artifact.reasons.join('; ').replaceAll('|', '\\|');
      const verdict = artifact.compliant ? '✅ yes' : '❌ **no**';
      process.stdout.write(`| ${artifact.flow}/${artifact.trail} | ${verdict} | ${reasons} |\n`);
    }
  } else {
    for (const { artifact } of reports) {
      process.stdout.write(
        `${artifact.compliant ? 'COMPLIANT' : 'NOT COMPLIANT'}  ${artifact.flow}/${artifact.trail}` +
          (artifact.compliant ? '' : `: ${artifact.reasons.join('; ')}`) +
          '\n',
      );
    }
  }
  return failing.length === 0 ? EXIT.ok : EXIT.assertion;
}

/** `evident spool list` */
export function spoolList(options: Options): void {
  const settings = resolveSettings(options, process.env);
  const records = Recorder.spoolOf(settings).list();
  if (settings.output === 'json')
    process.stdout.write(
      `${JSON.stringify(
        records.map((r) => r.record),
        null,
        2,
      )}\n`,
    );
  else if (records.length === 0) process.stdout.write('the spool is empty\n');
  else {
    for (const { record } of records)
      process.stdout.write(`${record.spooledAt}  ${record.method} ${record.host}${record.path}\n`);
  }
}

/** `evident spool flush`: exit 4 if the server is still unreachable (records stay), else 0. */
export async function spoolFlush(options: Options): Promise<number> {
  const settings = resolveSettings(options, process.env);
  const result = await flushSpool(
    Recorder.spoolOf(settings),
    (host) => new ApiClient({ host, token: settings.token }),
  );
  process.stdout.write(
    settings.output === 'json'
      ? `${JSON.stringify(result)}\n`
      : `sent ${result.sent}, rejected ${result.rejected} (kept in the spool's rejected/ folder), still waiting ${result.remaining}\n`,
  );
  return result.remaining > 0 ? EXIT.unreachable : EXIT.ok;
}

/**
 * `evident verify log`: the server's latest checkpoint must be signed by the trusted key and be
 * consistent with the last one this client saw (and with `--checkpoint FILE`, one saved earlier).
 */
export async function verifyLog(options: Options): Promise<number> {
  const settings = resolveSettings(options, process.env);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const witness = new LogWitness(settings.stateDir, client, settings.host, settings.vkeys);
  const org = encodeURIComponent(settings.org);
  const saved = typeof options.checkpoint === 'string' ? readFileSync(options.checkpoint, 'utf8') : undefined;
  if (saved !== undefined) await witness.checkCheckpoint(settings.org, saved);
  const { text } = await client.request('GET', `/api/v1/orgs/${org}/log/checkpoint`, {
    accept: 'text/plain',
  });
  const checkpoint = await witness.checkCheckpoint(settings.org, text);
  process.stdout.write(
    settings.output === 'json'
      ? `${JSON.stringify({ origin: checkpoint.origin, size: checkpoint.size, consistent: true })}\n`
      : `OK: ${checkpoint.origin} has ${checkpoint.size} entries, signed and consistent with every checkpoint this client saw\n`,
  );
  return EXIT.ok;
}

/** `evident search PREFIX`: fingerprints, commits and evidence starting with 5+ hex digits. */
export async function search(prefix: string, options: Options): Promise<void> {
  const settings = resolveSettings(options, process.env);
  const client = new ApiClient({ host: settings.host, token: settings.token });
  const q = encodeURIComponent(prefix);
  const { body } = await client.request(
    'GET',
    `/api/v1/orgs/${encodeURIComponent(settings.org)}/search?q=${q}`,
  );
  const found = body as {
    artifacts: { fingerprint: string; name: string; flow: string; trail: string; compliant: boolean }[];
    trails: { flow: string; name: string; commit: { sha: string } | null; compliant: boolean }[];
    evidence: { sha256: string; size: number }[];
  };
  if (settings.output === 'json') {
    process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    return;
  }
  const mark = (ok: boolean) => (ok ? 'compliant' : 'NOT compliant');
  for (const a of found.artifacts)
    process.stdout.write(
      `artifact  ${a.fingerprint}  ${a.name} in ${a.flow}/${a.trail} (${mark(a.compliant)})\n`,
    );
  for (const t of found.trails)
    process.stdout.write(
      `commit    ${t.commit?.sha ?? ''}  trail ${t.flow}/${t.name} (${mark(t.compliant)})\n`,
    );
  for (const e of found.evidence) process.stdout.write(`evidence  ${e.sha256}  ${e.size} bytes\n`);
  if (found.artifacts.length + found.trails.length + found.evidence.length === 0)
    process.stdout.write('nothing found\n');
}
