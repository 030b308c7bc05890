import { api, ApiError, orgPath, query } from '../../api.ts';
import type { EnvironmentInfo, LogicalSnapshot, Snapshot } from '../../environmentTypes.ts';

/** A snapshot with the number of its environment's latest, for "#4 of 10". */
export interface SnapshotView {
  readonly snapshot: Snapshot;
  /** The number of the environment's latest snapshot. */
  readonly latest: number;
}

/** What ran in an environment at a moment: one view, or one per member of a logical environment. */
export interface Running {
  /** The environment's verdict then (a logical one: whether every member complied). */
  readonly compliant: boolean;
  /** Empty when nothing had been reported by then. */
  readonly views: readonly SnapshotView[];
}

/**
 * What ran in `env` at `at` (now when undefined), in one request: the snapshot answers how long it
 * ran and which artifacts arrived unauthorised. `all` are every environment, for snapshot counts.
 */
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
  return {
    compliant: answer.compliant,
    views: snapshots.map((snapshot) => ({
      snapshot,
      latest: latest.get(snapshot.environment) ?? snapshot.number,
    })),
  };
}
