import { EvidentError } from '../../core/errors.ts';
import type { EnvironmentChange } from '../../core/model/environment.ts';
import { parseInstant } from '../../core/model/snapshotRef.ts';
import { shownInstant } from '../environmentText.ts';
import { emit, verdict, type Format } from '../output.ts';
import { clientOf } from './readCommands.ts';
import { text } from './recordCommands.ts';

type Options = Record<string, unknown>;

/** The API's largest page. */
const PAGE = 1000;

/**
 * `evident log environment ENV [--since T] [--until T] [--limit N]`: the change log, newest first,
 * page after page until --limit changes (default 100). T is read here, as in `@{…}`, so that
 * `2.days.ago` counts back from this machine's clock and a bad one exits 2 before any request.
 */
export async function logEnvironment(environment: string, options: Options): Promise<void> {
  const limit = Number(text(options, 'limit') ?? '100');
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new EvidentError('bad_request', '--limit must be a whole number from 1');
  const window = new URLSearchParams();
  for (const key of ['since', 'until']) {
    const given = text(options, key);
    if (given !== undefined) window.set(key, parseInstant(given, new Date()));
  }
  const { settings, client, base } = clientOf(options);
  const changes: EnvironmentChange[] = [];
  let before: string | null = '';
  while (before !== null && changes.length < limit) {
    const query = new URLSearchParams(window);
    query.set('limit', String(Math.min(PAGE, limit - changes.length)));
    if (before !== '') query.set('before', before);
    const page = (
      await client.request(
        'GET',
        `${base}/environments/${encodeURIComponent(environment)}/changes?${query.toString()}`,
      )
    ).body as { changes: EnvironmentChange[]; next: string | null };
    changes.push(...page.changes);
    before = page.next;
  }
  const format = settings.output;
  emit(format, {
    json: changes,
    title: `changes in ${environment}, newest first`,
    notes: before === null ? [] : [`stopped at --limit ${limit}: there may be older changes`],
    table: {
      headers: ['at', 'snapshot', 'change', 'name', 'verdict', 'provenance'],
      rows: changes.map((c) => [
        shownInstant(c.at),
        `${c.environment}#${c.snapshot}`,
        `${c.kind} ${c.instancesBefore}→${c.instancesAfter}`,
        c.name,
        changeVerdict(c, format),
        c.provenance.map((p) => `${p.flow}/${p.trail}`).join(', ') || 'none',
      ]),
    },
    empty: 'no changes',
  });
}

/**
 * Unauthorised in words (never by colour alone), ahead of the verdict so that it is read first; a
 * break-glass exception after it.
 */
function changeVerdict(change: EnvironmentChange, format: Format): string {
  const notes = (change.notes ?? []).map((note) => `, ${note}`).join('');
  if (!change.unauthorised) return `${verdict(change.compliant, format)}${notes}`;
  return `${format === 'markdown' ? '**UNAUTHORISED**' : 'UNAUTHORISED'}, ${verdict(change.compliant, format)}`;
}
