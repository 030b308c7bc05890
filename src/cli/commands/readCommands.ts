import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { EvidentError } from '../../core/errors.ts';
import { normaliseSha256 } from '../../core/model/trail.ts';
import { ApiClient } from '../client/apiClient.ts';
import { resolveSettings, type Settings } from '../settings.ts';

type Options = Record<string, unknown>;

function clientOf(options: Options): { settings: Settings; client: ApiClient; base: string } {
  const settings = resolveSettings(options, process.env);
  return {
    settings,
    client: new ApiClient({ host: settings.host, token: settings.token }),
    base: `/api/v1/orgs/${encodeURIComponent(settings.org)}`,
  };
}

/** JSON always: `get` answers are records, best read by tools (`--output text` prints them indented too). */
function show(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `evident get flow NAME | trail NAME --flow F | artifact FINGERPRINT` */
export async function get(kind: string, name: string, options: Options): Promise<void> {
  const { client, base } = clientOf(options);
  const flow = typeof options.flow === 'string' ? options.flow : '';
  const path =
    kind === 'flow'
      ? `/flows/${encodeURIComponent(name)}`
      : kind === 'trail'
        ? `/flows/${encodeURIComponent(flow)}/trails/${encodeURIComponent(name)}`
        : kind === 'artifact'
          ? `/artifacts/${normaliseSha256(name) ?? encodeURIComponent(name)}`
          : undefined;
  if (path === undefined)
    throw new EvidentError('bad_request', `get what? flow, trail or artifact, not ${kind}`);
  if (kind === 'trail' && typeof options.flow !== 'string')
    throw new EvidentError('bad_request', '--flow is required');
  show((await client.request('GET', `${base}${path}`)).body);
}

/** `evident list flows | trails --flow F`: every page, in order. */
export async function list(kind: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const rows: { name: string; compliant?: boolean }[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    if (kind === 'flows') {
      const page = (
        await client.request(
          'GET',
          `${base}/flows?limit=500${cursor === '' ? '' : `&after=${encodeURIComponent(cursor)}`}`,
        )
      ).body as { flows: { name: string }[]; next: string | null };
      rows.push(...page.flows);
      cursor = page.next;
    } else if (kind === 'trails') {
      if (typeof options.flow !== 'string') throw new EvidentError('bad_request', '--flow is required');
      const page = (
        await client.request(
          'GET',
          `${base}/flows/${encodeURIComponent(options.flow)}/trails${cursor === '' ? '' : `?before=${encodeURIComponent(cursor)}`}`,
        )
      ).body as { trails: { name: string; compliant: boolean }[]; next: string | null };
      rows.push(...page.trails);
      cursor = page.next;
    } else {
      throw new EvidentError('bad_request', `list what? flows or trails, not ${kind}`);
    }
  }
  if (settings.output === 'json') show(rows);
  else {
    for (const row of rows) {
      process.stdout.write(
        `${row.name}${row.compliant === undefined ? '' : row.compliant ? '  compliant' : '  NOT compliant'}\n`,
      );
    }
  }
}

/** `evident evidence get SHA256 [-o FILE]`: the stored bytes, checked against their digest. */
export async function evidenceGet(digest: string, options: Options): Promise<void> {
  const { base, settings } = clientOf(options);
  const sha256 = normaliseSha256(digest);
  if (sha256 === undefined)
    throw new EvidentError('bad_request', 'give the evidence SHA-256 (64 hex digits)');
  const response = await fetch(new URL(`${base}/evidence/${sha256}`, settings.host), {
    headers: settings.token === undefined ? {} : { authorization: `Bearer ${settings.token}` },
  });
  if (!response.ok)
    throw new EvidentError(
      response.status === 404 ? 'not_found' : 'unavailable',
      `evidence ${sha256}: HTTP ${response.status}`,
    );
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256)
    throw new EvidentError('tampered', `the server sent bytes with SHA-256 ${actual} for evidence ${sha256}`);
  if (typeof options.out === 'string') writeFileSync(options.out, bytes);
  else process.stdout.write(bytes);
}
