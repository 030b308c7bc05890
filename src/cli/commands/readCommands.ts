import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { EvidentError } from '../../core/errors.ts';
import type { Flow } from '../../core/model/flow.ts';
import { normaliseSha256, type Trail } from '../../core/model/trail.ts';
import { ApiClient } from '../client/apiClient.ts';
import { emit, joinReasons, verdict } from '../output.ts';
import { resolveSettings, type Settings } from '../settings.ts';

type Options = Record<string, unknown>;

/** The settings, a client and the org's API root, for commands that only read. */
export function clientOf(options: Options): { settings: Settings; client: ApiClient; base: string } {
  const settings = resolveSettings(options, process.env);
  return {
    settings,
    client: new ApiClient({ host: settings.host, token: settings.token }),
    base: `/api/v1/orgs/${encodeURIComponent(settings.org)}`,
  };
}

interface ShownArtifact {
  flow: string;
  trail: string;
  name: string;
  fingerprint: string;
  compliant: boolean;
  reasons: string[];
}
interface ShownAttestation {
  name: string;
  type: string;
  compliant: boolean;
  reasons: string[];
  createdAt: string;
}

/** `evident get flow NAME | trail NAME --flow F | artifact FINGERPRINT` */
export async function get(kind: string, name: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const format = settings.output;
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
  const body = (await client.request('GET', `${base}${path}`)).body;
  const attestationRow = (a: ShownAttestation) => [
    `attestation ${a.name}`,
    a.type,
    verdict(a.compliant, format),
    joinReasons(a.reasons),
  ];
  if (kind === 'flow') {
    const found = (body as { flow: Flow }).flow;
    emit(format, {
      json: body,
      title: `flow ${found.name}`,
      table: {
        headers: ['field', 'value'],
        rows: [
          ['description', found.description],
          ['template', found.template === null ? 'none' : `version ${found.templateVersion}`],
          ['created', found.createdAt],
          ['updated', found.updatedAt],
        ],
      },
    });
  } else if (kind === 'trail') {
    const found = body as { trail: Trail; artifacts: ShownArtifact[]; attestations: ShownAttestation[] };
    const { trail } = found;
    emit(format, {
      json: body,
      title: `trail ${trail.name} of flow ${trail.flow}: ${verdict(trail.compliant, format)}`,
      notes: [
        ...(trail.commit === null
          ? []
          : [
              `commit ${trail.commit.sha}${trail.commit.branch === undefined ? '' : ` on ${trail.commit.branch}`}`,
            ]),
        ...trail.reasons,
      ],
      table: {
        headers: ['what', 'detail', 'verdict', 'reasons'],
        rows: [
          ...found.artifacts.map((a) => [
            `artifact ${a.name}`,
            a.fingerprint,
            verdict(a.compliant, format),
            joinReasons(a.reasons),
          ]),
          ...found.attestations.map(attestationRow),
        ],
      },
      empty: 'no artifacts or attestations yet: evident attest artifact|junit|… --trail NAME',
    });
  } else {
    const found = body as {
      fingerprint: string;
      reports: { artifact: ShownArtifact; attestations: ShownAttestation[] }[];
    };
    emit(format, {
      json: body,
      title: `artifact ${found.fingerprint}`,
      table: {
        headers: ['what', 'detail', 'verdict', 'reasons'],
        rows: found.reports.flatMap(({ artifact, attestations }) => [
          [
            `${artifact.name} in ${artifact.flow}/${artifact.trail}`,
            'artifact',
            verdict(artifact.compliant, format),
            joinReasons(artifact.reasons),
          ],
          ...attestations.map(attestationRow),
        ]),
      },
    });
  }
}

/** `evident list flows | trails --flow F`: every page, in order. */
export async function list(kind: string, options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const rows: { name: string; description?: string; compliant?: boolean; commit?: { sha: string } | null }[] =
    [];
  let cursor: string | null = '';
  while (cursor !== null) {
    if (kind === 'flows') {
      const page = (
        await client.request(
          'GET',
          `${base}/flows?limit=500${cursor === '' ? '' : `&after=${encodeURIComponent(cursor)}`}`,
        )
      ).body as { flows: { name: string; description: string }[]; next: string | null };
      rows.push(...page.flows);
      cursor = page.next;
    } else if (kind === 'trails') {
      if (typeof options.flow !== 'string') throw new EvidentError('bad_request', '--flow is required');
      const page = (
        await client.request(
          'GET',
          `${base}/flows/${encodeURIComponent(options.flow)}/trails${cursor === '' ? '' : `?before=${encodeURIComponent(cursor)}`}`,
        )
      ).body as {
        trails: { name: string; compliant: boolean; commit: { sha: string } | null }[];
        next: string | null;
      };
      rows.push(...page.trails);
      cursor = page.next;
    } else {
      throw new EvidentError('bad_request', `list what? flows or trails, not ${kind}`);
    }
  }
  emit(settings.output, {
    json: rows,
    table:
      kind === 'flows'
        ? { headers: ['flow', 'description'], rows: rows.map((r) => [r.name, r.description ?? '']) }
        : {
            headers: ['trail', 'verdict', 'commit'],
            rows: rows.map((r) => [
              r.name,
              verdict(r.compliant === true, settings.output),
              r.commit?.sha ?? '',
            ]),
          },
    empty:
      kind === 'flows'
        ? 'no flows yet: evident create flow NAME'
        : 'no trails yet: evident begin trail NAME --flow FLOW',
  });
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
