import type { RunningSetChange, Snapshot } from '../../core/model/environment.ts';
import { shortFingerprint, shownInstant } from '../environmentText.ts';
import { EXIT } from '../exitCodes.ts';
import { emit, type Format, joinReasons, verdict } from '../output.ts';
import { absoluteRef, snapshotPath, snapshotRef } from '../snapshotRefQuery.ts';
import { clientOf } from './readCommands.ts';

type Options = Record<string, unknown>;
/** A logical environment's snapshot: its members' snapshots at the same moment. */
interface LogicalSnapshot {
  readonly environment: string;
  readonly compliant: boolean;
  readonly members: readonly Snapshot[];
}
type Summary = Pick<Snapshot, 'environment' | 'number' | 'at' | 'compliant'>;

const named = (s: Summary) => `${s.environment} #${s.number}, reported ${shownInstant(s.at)}`;

/** `evident get snapshot REF`: what ran there then, and the verdict on each artifact. */
export async function getSnapshot(ref: string, options: Options): Promise<void> {
  await showSnapshot(ref, options);
}

/** `evident assert snapshot REF`: exit 0 when everything running is compliant, else 3 with the reasons. */
export async function assertSnapshot(ref: string, options: Options): Promise<number> {
  return (await showSnapshot(ref, options)) ? EXIT.ok : EXIT.assertion;
}

async function showSnapshot(text: string, options: Options): Promise<boolean> {
  const ref = snapshotRef(text);
  const { settings, client, base } = clientOf(options);
  const format = settings.output;
  const { body } = await client.request('GET', `${base}${snapshotPath(ref)}`);
  const found = body as Snapshot | LogicalSnapshot;
  if (!('members' in found)) {
    emit(format, { json: body, ...snapshotView(found, format) });
    return found.compliant;
  }
  if (format === 'json') {
    emit(format, { json: body });
    return found.compliant;
  }
  const heading = `${found.environment} (logical, ${found.members.length} member(s) with a snapshot): ${verdict(found.compliant, format)}`;
  process.stdout.write(format === 'markdown' ? `## ${heading}\n\n` : `${heading}\n\n`);
  for (const [i, member] of found.members.entries()) {
    if (i > 0) process.stdout.write('\n');
    emit(format, { json: member, ...snapshotView(member, format) });
  }
  return found.compliant;
}

function snapshotView(snapshot: Snapshot, format: Format) {
  return {
    title: `${named(snapshot)}: ${verdict(snapshot.compliant, format)}`,
    // A later policy version (or evidence) can change the verdict on a snapshot that is still current.
    notes: [
      ...(snapshot.until === null
        ? []
        : [`ran until ${shownInstant(snapshot.until)}, when #${snapshot.number + 1} replaced it`]),
      ...(snapshot.evaluatedAt === snapshot.at
        ? []
        : [`verdict as of ${shownInstant(snapshot.evaluatedAt)}`]),
      ...(snapshot.laterVerdict === undefined
        ? []
        : [
            `judged again later: ${verdict(snapshot.laterVerdict.compliant, format)} from ${shownInstant(snapshot.laterVerdict.evaluatedAt)} (${snapshot.environment}@{TIME} shows the verdict in force then)`,
          ]),
    ],
    table: {
      headers: ['name', 'fingerprint', 'instances', 'verdict', 'reasons'],
      rows: snapshot.artifacts.map((a) => [
        a.name,
        shortFingerprint(a.fingerprint),
        String(a.instances),
        verdict(a.compliant, format),
        joinReasons([...a.reasons, ...(a.notes ?? []), ...(a.unauthorised ? ['arrived unauthorised'] : [])]),
      ]),
    },
    empty: 'nothing running',
  };
}

/** `evident diff snapshots A B`: what started, stopped and scaled from A to B (always exit 0). */
export async function diffSnapshots(from: string, to: string, options: Options): Promise<void> {
  const query = `from=${encodeURIComponent(absoluteRef(snapshotRef(from)))}&to=${encodeURIComponent(absoluteRef(snapshotRef(to)))}`;
  const { settings, client, base } = clientOf(options);
  const { body } = await client.request('GET', `${base}/snapshots/diff?${query}`);
  const diff = body as { from: Summary; to: Summary; changes: RunningSetChange[] };
  emit(settings.output, {
    json: body,
    title: `${named(diff.from)} → ${named(diff.to)}`,
    table: {
      headers: ['change', 'name', 'fingerprint', 'instances'],
      rows: diff.changes.map((c) => [
        c.kind,
        c.name,
        shortFingerprint(c.fingerprint),
        `${c.before}→${c.after}`,
      ]),
    },
    empty: 'no change: the same artifacts ran in both',
  });
}
