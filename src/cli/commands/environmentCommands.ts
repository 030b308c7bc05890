import type { Environment } from '../../core/model/environment.ts';
import { checkName } from '../../core/model/names.ts';
import { shownInstant } from '../environmentText.ts';
import { readInput } from '../inputFile.ts';
import { emit, verdict } from '../output.ts';
import { clientOf } from './readCommands.ts';
import { print, recorder, required, text, texts } from './recordCommands.ts';

type Options = Record<string, unknown>;

/**
 * `evident create environment NAME --type T`: PUT replaces the includes and policies with those
 * given; the server keeps the description when none is given, and refuses a change of type.
 */
export async function createEnvironment(name: string, options: Options): Promise<void> {
  checkName('environment', name);
  const { settings, recorder: r } = recorder(options);
  const description = text(options, 'description');
  const result = await r.write({
    method: 'PUT',
    path: `/environments/${encodeURIComponent(name)}`,
    body: {
      type: required(options, 'type'),
      ...(description !== undefined && { description }),
      includes: texts(options, 'include') ?? [],
      policies: texts(options, 'policy') ?? [],
    },
  });
  r.finish();
  if (result !== undefined) print(settings, `environment ${name} saved`, result);
}

/** `evident create policy NAME --file F`: a new version, unless the latest has the same text. */
export async function createPolicy(name: string, options: Options): Promise<void> {
  checkName('policy', name);
  const source = await readInput(required(options, 'file'));
  const { settings, recorder: r } = recorder(options);
  const result = (await r.write({
    method: 'PUT',
    path: `/policies/${encodeURIComponent(name)}`,
    body: { source },
  })) as { version: number; receipt: unknown } | undefined;
  r.finish();
  if (result === undefined) return;
  // The server answers 200 with no receipt when the text equals the latest version's.
  print(
    settings,
    result.receipt === null
      ? `policy ${name} unchanged (version ${result.version})`
      : `policy ${name} version ${result.version} saved`,
    result,
  );
}

/** `evident list environments`: each with the verdict on what runs there now. */
export async function listEnvironments(options: Options): Promise<void> {
  const { settings, client, base } = clientOf(options);
  const { environments } = (await client.request('GET', `${base}/environments`)).body as {
    environments: Environment[];
  };
  emit(settings.output, {
    json: environments,
    table: {
      headers: ['name', 'type', 'snapshot', 'verdict', 'last seen'],
      rows: environments.map((e) => [
        e.name,
        e.type,
        e.type === 'logical' ? `of ${e.includes.join(', ')}` : e.snapshots === 0 ? 'none' : `#${e.snapshots}`,
        e.type !== 'logical' && e.snapshots === 0
          ? 'nothing reported yet'
          : verdict(e.compliant, settings.output),
        e.lastSeenAt === null ? 'never' : shownInstant(e.lastSeenAt),
      ]),
    },
    empty: 'no environments yet: evident create environment NAME --type k8s',
  });
}
