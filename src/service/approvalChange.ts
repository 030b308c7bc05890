import type { Kysely } from 'kysely';
import {
  MAX_CHANGE_ITEMS,
  type ApprovalChange,
  type ChangeBase,
  type ChangeCommit,
} from '../core/model/approval.ts';
import type { Environment, Snapshot } from '../core/model/environment.ts';
import type { ApprovalStore } from '../storage/approvalStore.ts';
import { fingerprintReports, type FingerprintReport } from '../storage/fingerprintReports.ts';
import type { Database } from '../storage/schema.ts';
import type { EnvironmentService } from './environmentService.ts';

export interface ChangeDeps {
  readonly reader: Kysely<Database>;
  readonly store: ApprovalStore;
  readonly environments: EnvironmentService;
}

/** Long texts from trails are clipped: a request is one ledger entry (DESIGN §3, 64 KiB). */
const clip = (text: string | undefined | null, max = 200) =>
  text === undefined || text === null ? null : text.length > max ? `${text.slice(0, max - 1)}…` : text;
const key = (flow: string, name: string) => `${flow}\u0000${name}`;

/** The commits of the trails that reported a fingerprint, one per trail, newest first. */
export function commitsOf(reports: readonly FingerprintReport[]): ChangeCommit[] {
  return reports.flatMap((r) =>
    r.commit === null
      ? []
      : [
          {
            flow: r.flow,
            trail: r.trail,
            sha: r.commit.sha,
            author: clip(r.commit.author),
            committer: clip(r.commit.committer),
            message: clip(r.commit.message?.split('\n')[0]),
          },
        ],
  );
}

/**
 * What a request for `fingerprint` into `env` asks to let in (issue #6 "the change since what was
 * last approved or running there"): the trails that reported it with their compliance and commits,
 * what it replaces, and the environment's verdict on it now. Evident knows each trail's commit, not
 * the history between two commits: the commits listed are those of the builds, and `since` names
 * the commits the replaced artifact was built from, so the range reads base..head.
 */
export async function approvalChange(
  deps: ChangeDeps,
  org: string,
  env: Environment,
  fingerprint: string,
): Promise<ApprovalChange> {
  const reports = await fingerprintReports(deps.reader, org, fingerprint, MAX_CHANGE_ITEMS + 1);
  const shown = reports.slice(0, MAX_CHANGE_ITEMS);
  const verdict = await deps.environments.check(org, env.name, fingerprint);
  return {
    artifacts: shown.map((r) => ({
      flow: r.flow,
      trail: r.trail,
      name: r.name,
      fingerprint,
      compliant: r.compliant,
      reasons: r.reasons.slice(0, 5).map((reason) => clip(reason, 500) ?? ''),
    })),
    commits: commitsOf(shown),
    since: await baseOf(deps, org, env, fingerprint, new Set(shown.map((r) => key(r.flow, r.name)))),
    verdict: {
      compliant: verdict.compliant,
      reasons: verdict.reasons.slice(0, MAX_CHANGE_ITEMS).map((reason) => clip(reason, 500) ?? ''),
    },
    truncated: reports.length > MAX_CHANGE_ITEMS,
  };
}

/**
 * What the change starts from: another build of the same artifact (same flow and name) running in
 * the environment now, or else the last one approved there.
 */
async function baseOf(
  deps: ChangeDeps,
  org: string,
  env: Environment,
  fingerprint: string,
  names: ReadonlySet<string>,
): Promise<ChangeBase | null> {
  if (names.size === 0) return null;
  if (env.snapshots > 0) {
    const now = (await deps.environments.snapshot(org, env.name, { kind: 'latest' })) as Snapshot;
    const running = now.artifacts.find(
      (a) => a.fingerprint !== fingerprint && a.provenance.some((p) => names.has(key(p.flow, p.name))),
    );
    if (running !== undefined) {
      const reports = await fingerprintReports(deps.reader, org, running.fingerprint, MAX_CHANGE_ITEMS);
      return {
        basis: 'running',
        name: running.name,
        fingerprint: running.fingerprint,
        commits: [...new Set(commitsOf(reports).map((c) => c.sha))],
      };
    }
  }
  for (const approved of await deps.store.approvedIn(org, env.name, 50)) {
    const same = approved.change?.artifacts.find(
      (a) => a.fingerprint !== fingerprint && names.has(key(a.flow, a.name)),
    );
    if (same !== undefined && approved.change !== null)
      return {
        basis: 'approved',
        name: same.name,
        fingerprint: same.fingerprint,
        commits: [...new Set(approved.change.commits.map((c) => c.sha))],
      };
  }
  return null;
}
