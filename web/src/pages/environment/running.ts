import { api, ApiError, orgPath, query } from '../../api.ts';
import type { EnvironmentInfo, LogicalSnapshot, Snapshot } from '../../environmentTypes.ts';
import { unauthorisedStarts } from '../../unauthorisedStarts.ts';

/** A snapshot with what the page tells about it beyond the API's answer. */
export interface SnapshotView {
  readonly snapshot: Snapshot;
  /** The artifacts (runningKey) whose start was flagged unauthorised. */
  readonly unauthorised: ReadonlySet<string>;
  /** The number of the environment's latest snapshot. */
  readonly latest: number;
  /** When the next snapshot replaced this one; null while it is the latest. */
  readonly until: string | null;
}

/** What ran in an environment at a moment: one view, or one per member of a logical environment. */
export interface Running {
  /** The environment's verdict then (a logical one: whether every member complied). */
  readonly compliant: boolean;
  /** Empty when nothing had been reported by then. */
  readonly views: readonly SnapshotView[];
}

/** What ran in `env` at `at` (now when undefined). `all` are every environment, for snapshot counts. */
export async function running(
  org: string,
  env: EnvironmentInfo,
  all: readonly EnvironmentInfo[],
  at: string | undefined,
): Promise<Running> {
  let answer: Snapshot | LogicalSnapshot;
  try {
    answer = await api.get<Snapshot | LogicalSnapshot>(
      orgPath(org, 'environments', env.name, 'snapshot') + query({ at }),
    );
  } catch (error) {
    // A moment before the first report: nothing to show, which the page says in words.
    if (error instanceof ApiError && error.status === 404) return { compliant: true, views: [] };
    throw error;
  }
  const snapshots = 'members' in answer ? answer.members : [answer];
  const latest = new Map(all.map((e) => [e.name, e.snapshots]));
  const views = await Promise.all(
    snapshots.map(async (snapshot) => {
      const last = latest.get(snapshot.environment) ?? snapshot.number;
      const [unauthorised, next] = await Promise.all([
        unauthorisedStarts(org, snapshot),
        snapshot.number < last
          ? api.get<Snapshot>(
              orgPath(org, 'environments', snapshot.environment, 'snapshot') +
                query({ number: snapshot.number + 1 }),
            )
          : undefined,
      ]);
      return { snapshot, unauthorised, latest: last, until: next?.at ?? null };
    }),
  );
  return { compliant: answer.compliant, views };
}
