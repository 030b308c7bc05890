import type { Transaction } from 'kysely';
import { artifactVerdict } from '../core/compliance/environmentCompliance.ts';
import { canonicalize } from '../core/ledger/canonicalJson.ts';
import {
  runningSetChanges,
  sameRunningSet,
  type ReportedArtifact,
  type SnapshotArtifact,
} from '../core/model/environment.ts';
import { artifactFacts } from './environmentFacts.ts';
import { currentRunningSet, latestResults, latestState, followedPolicies } from './environmentRows.ts';
import type { Database, EnvironmentTable } from './schema.ts';

type Trx = Transaction<Database>;
type Placed<T> = T & { readonly at: string; readonly index: number };

export interface EnvironmentSave {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly includes: readonly string[];
  readonly policies: readonly string[];
}

/** Projects `environment.saved`; a change of its policies re-evaluates its current snapshot. */
export async function saveEnvironment(trx: Trx, org: string, e: Placed<EnvironmentSave>): Promise<void> {
  const before = await environmentRow(trx, org, e.name);
  await trx
    .insertInto('environments')
    .values({
      org,
      name: e.name,
      type: e.type,
      description: e.description,
      includes: canonicalize(e.includes),
      policies: canonicalize(e.policies),
      snapshots: 0,
      compliant: 1,
      created_at: e.at,
      updated_at: e.at,
      created_index: e.index,
      updated_index: e.index,
    })
    .onConflict((oc) =>
      oc.columns(['org', 'name']).doUpdateSet((eb) => ({
        description: eb.ref('excluded.description'),
        includes: eb.ref('excluded.includes'),
        policies: eb.ref('excluded.policies'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_index: eb.ref('excluded.updated_index'),
      })),
    )
    .execute();
  if (before !== undefined && before.policies !== canonicalize(e.policies))
    await reevaluate(trx, org, e.name, e);
}

/** Projects `policy.created`; every environment following the policy is judged again. */
export async function savePolicy(
  trx: Trx,
  org: string,
  p: Placed<{ name: string; version: number; source: string }>,
): Promise<void> {
  await trx
    .insertInto('policies')
    .values({
      org,
      name: p.name,
      version: p.version,
      source: p.source,
      created_at: p.at,
      created_index: p.index,
    })
    .execute();
  const following = await trx
    .selectFrom('environments')
    .select(['name', 'policies'])
    .where('org', '=', org)
    .where('snapshots', '>', 0)
    .execute();
  for (const env of following) {
    if ((JSON.parse(env.policies) as string[]).includes(p.name)) await reevaluate(trx, org, env.name, p);
  }
}

/**
 * Projects `snapshot.reported`: a running set equal to the current one changes nothing (two
 * reporters raced); otherwise it becomes the next snapshot, is judged by the environment's
 * policies, and each artifact started, stopped or scaled goes into the change log — a started one
 * that is not compliant flagged as an unauthorised change.
 */
export async function recordSnapshot(
  trx: Trx,
  org: string,
  reported: Placed<{ environment: string; artifacts: readonly ReportedArtifact[]; observedAt?: string }>,
): Promise<void> {
  const env = await environmentRow(trx, org, reported.environment);
  if (env === undefined) return;
  const previous = await currentRunningSet(trx, org, env.name);
  if (env.snapshots > 0 && sameRunningSet(previous, reported.artifacts)) return;
  const number = env.snapshots + 1;
  const s = { ...reported, at: await effectiveTime(trx, org, env.name, reported) };
  await trx
    .insertInto('snapshots')
    .values({
      org,
      environment: env.name,
      number,
      at: s.at,
      idx: s.index,
      artifacts: canonicalize(s.artifacts),
    })
    .execute();
  if (s.artifacts.length > 0) {
    await trx
      .insertInto('snapshot_artifacts')
      .values(
        s.artifacts.map((a) => ({
          org,
          environment: env.name,
          number,
          name: a.name,
          fingerprint: a.fingerprint,
          instances: a.instances,
        })),
      )
      .execute();
  }
  const before = await latestResults(trx, org, env.name);
  const results = await judge(trx, org, env, s.artifacts, s.at);
  await saveState(trx, org, env.name, number, results, s);
  const changes = runningSetChanges(previous, s.artifacts);
  if (changes.length > 0) {
    await trx
      .insertInto('environment_changes')
      .values(
        changes.map((c, seq) => {
          const verdict = (c.kind === 'stopped' ? before : results).find(
            (r) => r.name === c.name && r.fingerprint === c.fingerprint,
          );
          const compliant = verdict?.compliant ?? true;
          return {
            org,
            environment: env.name,
            idx: s.index,
            seq,
            at: s.at,
            snapshot: number,
            kind: c.kind,
            name: c.name,
            fingerprint: c.fingerprint,
            instances_before: c.before,
            instances_after: c.after,
            compliant: compliant ? 1 : 0,
            reasons: canonicalize(verdict?.reasons ?? []),
            unauthorised: c.kind === 'started' && !compliant ? 1 : 0,
            provenance: canonicalize(verdict?.provenance ?? []),
            notes: verdict?.notes === undefined ? null : canonicalize(verdict.notes),
          };
        }),
      )
      .execute();
  }
  await trx
    .updateTable('environments')
    .set({ snapshots: number })
    .where('org', '=', org)
    .where('name', '=', env.name)
    .execute();
}

/**
 * The instant a snapshot runs from: when the reporter saw it, for a report that waited in a spool
 * through an outage, but never before the environment's latest verdict, so the timeline stays in
 * order; else when the ledger recorded it.
 */
async function effectiveTime(
  trx: Trx,
  org: string,
  environment: string,
  reported: { at: string; observedAt?: string },
): Promise<string> {
  if (reported.observedAt === undefined || reported.observedAt >= reported.at) return reported.at;
  const last = await latestState(trx, org, environment);
  return last !== undefined && last.at > reported.observedAt ? last.at : reported.observedAt;
}

function environmentRow(trx: Trx, org: string, name: string): Promise<EnvironmentTable | undefined> {
  return trx
    .selectFrom('environments')
    .selectAll()
    .where('org', '=', org)
    .where('name', '=', name)
    .executeTakeFirst();
}

/**
 * Each running artifact with the verdict of the environment's policies on it at `at`. Approvals are
 * read only when a policy asks for them, so environments without approval rules pay nothing.
 */
async function judge(
  trx: Trx,
  org: string,
  env: EnvironmentTable,
  running: readonly ReportedArtifact[],
  at: string,
): Promise<SnapshotArtifact[]> {
  const policies = await followedPolicies(trx, org, JSON.parse(env.policies) as string[]);
  const approvals = policies.some((p) => p.policy.approval?.required === true)
    ? { at, running: true }
    : undefined;
  const facts = await artifactFacts(trx, org, { name: env.name, type: env.type }, running, approvals);
  return facts.map((f) => {
    const verdict = artifactVerdict(policies, f);
    return {
      ...f.artifact,
      compliant: verdict.compliant,
      reasons: verdict.reasons,
      ...(verdict.notes !== undefined && { notes: verdict.notes }),
      provenance: f.provenance.map((p) => ({ flow: p.flow.name, trail: p.trail.name, name: p.artifactName })),
    };
  });
}

async function saveState(
  trx: Trx,
  org: string,
  environment: string,
  snapshot: number,
  results: readonly SnapshotArtifact[],
  when: { at: string; index: number },
): Promise<void> {
  const compliant = results.every((r) => r.compliant);
  await trx
    .insertInto('environment_states')
    .values({
      org,
      environment,
      idx: when.index,
      at: when.at,
      snapshot,
      compliant: compliant ? 1 : 0,
      results: canonicalize(results),
    })
    .execute();
  await trx
    .updateTable('environments')
    .set({ compliant: compliant ? 1 : 0 })
    .where('org', '=', org)
    .where('name', '=', environment)
    .execute();
}

/** Judges the current snapshot again (its policies changed, say); records the verdict if it differs. */
async function reevaluate(
  trx: Trx,
  org: string,
  name: string,
  when: { at: string; index: number },
): Promise<void> {
  const env = await environmentRow(trx, org, name);
  if (env === undefined || env.snapshots === 0) return;
  const results = await judge(trx, org, env, await currentRunningSet(trx, org, env.name), when.at);
  if (canonicalize(results) === canonicalize(await latestResults(trx, org, name))) return;
  await saveState(trx, org, name, env.snapshots, results, when);
}

/**
 * Environments whose current snapshot runs an artifact of these trails are judged again: an
 * attestation or a provenance report that arrives after the deployment changes the verdict from then
 * on (the verdict before it stays in the timeline).
 */
export async function reevaluateRunning(
  trx: Trx,
  org: string,
  trails: readonly (readonly [flow: string, trail: string])[],
  when: { at: string; index: number },
): Promise<void> {
  if (trails.length === 0) return;
  const wanted = new Set(trails.map(([flow, trail]) => `${flow}\u0000${trail}`));
  const reported = await trx
    .selectFrom('artifacts')
    .select(['flow', 'trail', 'fingerprint'])
    .where('org', '=', org)
    .where('flow', 'in', [...new Set(trails.map(([flow]) => flow))])
    .where('trail', 'in', [...new Set(trails.map(([, trail]) => trail))])
    .execute();
  const fingerprints = [
    ...new Set(reported.filter((r) => wanted.has(`${r.flow}\u0000${r.trail}`)).map((r) => r.fingerprint)),
  ];
  await reevaluateWhereRunning(trx, org, fingerprints, when);
}

/**
 * Environments (all, or just `only`) whose current snapshot runs one of these fingerprints are
 * judged again as of `when`.
 */
export async function reevaluateWhereRunning(
  trx: Trx,
  org: string,
  fingerprints: readonly string[],
  when: { at: string; index: number },
  only?: string,
): Promise<void> {
  if (fingerprints.length === 0) return;
  let query = trx
    .selectFrom('snapshot_artifacts as sa')
    .innerJoin('environments as e', (j) =>
      j
        .onRef('e.org', '=', 'sa.org')
        .onRef('e.name', '=', 'sa.environment')
        .onRef('e.snapshots', '=', 'sa.number'),
    )
    .select('sa.environment')
    .distinct()
    .where('sa.org', '=', org)
    .where('sa.fingerprint', 'in', fingerprints);
  if (only !== undefined) query = query.where('sa.environment', '=', only);
  const running = await query.orderBy('sa.environment').execute();
  for (const { environment } of running) await reevaluate(trx, org, environment, when);
}
