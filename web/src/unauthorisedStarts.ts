import { api, orgPath, query } from './api.ts';
import type { ChangePage, Snapshot } from './environmentTypes.ts';

/** One artifact of a running set: its name and fingerprint. */
export const runningKey = (a: { name: string; fingerprint: string }) => `${a.name}\u0000${a.fingerprint}`;

/** How far back the change log is read to find when the artifacts of a snapshot started. */
const LOOK_BACK = 1000;

/**
 * The artifacts of `snapshot` whose start was flagged unauthorised. Snapshots carry verdicts but not
 * this flag, which belongs to the change that let an artifact in (DESIGN §4): it is read from the
 * latest "started" line of each artifact in the change log up to and including the snapshot.
 */
export async function unauthorisedStarts(org: string, snapshot: Snapshot): Promise<Set<string>> {
  const { changes } = await api.get<ChangePage>(
    orgPath(org, 'environments', snapshot.environment, 'changes') +
      query({ before: snapshot.index + 1, limit: LOOK_BACK }),
  );
  const running = new Set(snapshot.artifacts.map(runningKey));
  const decided = new Set<string>();
  const flagged = new Set<string>();
  // Newest first: the first start seen of an artifact is the one that let it in this time.
  for (const change of changes) {
    const key = runningKey(change);
    if (change.kind !== 'started' || !running.has(key) || decided.has(key)) continue;
    decided.add(key);
    if (change.unauthorised) flagged.add(key);
  }
  return flagged;
}
