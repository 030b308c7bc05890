import { NO_APPROVALS } from '../compliance/approvalGrants.ts';
import { artifactVerdict } from '../compliance/environmentCompliance.ts';
import { checkAttestationType } from '../compliance/evaluators.ts';
import { canonicalize } from '../ledger/canonicalJson.ts';
import {
  canonicalRunningSet,
  runningSetChanges,
  sameRunningSet,
  type ChangeKind,
  type ReportedArtifact,
} from '../model/environment.ts';
import { parsePolicy, type Policy } from '../model/policy.ts';
import type { SnapshotReported } from './auditEvents.ts';
import type { AuditLedger } from './auditLedger.ts';

/** The verdict of an environment's policies on one running artifact; `compliant` null: unknown. */
export interface RunningVerdict {
  readonly name: string;
  readonly fingerprint: string;
  readonly instances: number;
  readonly compliant: boolean | null;
  readonly reasons: readonly string[];
  /** Break-glass exceptions it runs under. */
  readonly notes: readonly string[];
  /** The trails that reported it (newest first); empty: no provenance. */
  readonly provenance: readonly { readonly flow: string; readonly trail: string; readonly name: string }[];
}

/** One artifact started, stopped or scaled by a snapshot. */
export interface ChangeLine {
  readonly kind: ChangeKind;
  readonly name: string;
  readonly fingerprint: string;
  readonly before: number;
  readonly after: number;
  readonly compliant: boolean | null;
  readonly reasons: readonly string[];
  readonly notes: readonly string[];
  /** Started without provenance or against policy (DESIGN §4); null when the verdict is unknown. */
  readonly unauthorised: boolean | null;
}

/** A policy version an environment followed at some moment. */
export interface PolicyRef {
  readonly name: string;
  readonly version: number;
  readonly index: number;
}

/**
 * One verdict in an environment's history: a snapshot (a new running set), or the same running set
 * judged again because a policy, an attestation, a provenance report or an approval arrived later.
 */
export interface EnvironmentState {
  readonly index: number;
  /** When it holds from: the snapshot's time (or when the reporter saw it), or the re-evaluation's. */
  readonly at: string;
  readonly kind: 'snapshot' | 'reevaluation';
  /** The index of the snapshot whose running set this judges. */
  readonly snapshot: number;
  /** A snapshot reported late (spooled) keeps both times. */
  readonly recordedAt: string;
  readonly observedAt: string | null;
  readonly policies: readonly PolicyRef[];
  readonly compliant: boolean | null;
  readonly running: readonly RunningVerdict[];
  readonly changes: readonly ChangeLine[];
  /** What the package lacks to judge this state (its verdicts are then unknown). */
  readonly gaps: readonly string[];
}

interface Trigger {
  readonly index: number;
  readonly at: string;
  /** Whether the event may change the verdict on the current running set. */
  readonly concerns: (running: readonly ReportedArtifact[], before: number) => boolean;
  readonly snapshot?: SnapshotReported;
}

const checkType = (type: string) => checkAttestationType(type, undefined);
const runKey = (a: { name: string; fingerprint: string }) => `${a.name}\u0000${a.fingerprint}`;

/**
 * The history of verdicts of one physical environment, replayed from the packaged entries the way
 * the projection reached them (src/storage/environmentProjection.ts): each snapshot that changed the
 * running set is judged by the policies in force, its started, stopped and scaled artifacts become
 * change lines (a started one that is not compliant is an unauthorised change), and the running set is
 * judged again when a later entry could change the verdict; a new state is kept only when it did.
 * Verdicts of attestations are taken as recorded, never re-evaluated.
 */
export function environmentTimeline(ledger: AuditLedger, environment: string): EnvironmentState[] {
  const states: EnvironmentState[] = [];
  let running: readonly ReportedArtifact[] | undefined;
  let lastState: EnvironmentState | undefined;
  const runStarts = new Map<string, string>();
  for (const trigger of triggers(ledger, environment)) {
    const before = trigger.index + 1;
    const s = trigger.snapshot;
    if (s !== undefined) {
      const set = canonicalRunningSet(s.artifacts);
      // A running set equal to the current one is no new snapshot (two reporters raced).
      if (running !== undefined && sameRunningSet(running, set)) continue;
      const at = effectiveTime(s, lastState);
      const judged = judge(ledger, environment, set, before, at, runStarts);
      const changes = runningSetChanges(running ?? [], set).map((c): ChangeLine => {
        const verdict = (c.kind === 'stopped' ? (lastState?.running ?? []) : judged.running).find(
          (r) => r.name === c.name && r.fingerprint === c.fingerprint,
        );
        const compliant = verdict === undefined ? true : verdict.compliant;
        return {
          ...c,
          compliant,
          reasons: verdict?.reasons ?? [],
          notes: verdict?.notes ?? [],
          unauthorised: c.kind !== 'started' ? false : compliant === null ? null : !compliant,
        };
      });
      for (const c of changes) {
        if (c.kind === 'started') runStarts.set(runKey(c), at);
        if (c.kind === 'stopped') runStarts.delete(runKey(c));
      }
      running = set;
      lastState = {
        ...judged,
        index: s.index,
        at,
        kind: 'snapshot',
        snapshot: s.index,
        recordedAt: s.at,
        observedAt: s.observedAt,
        changes,
      };
      states.push(lastState);
    } else if (running !== undefined && lastState !== undefined && trigger.concerns(running, before)) {
      const judged = judge(ledger, environment, running, before, trigger.at, runStarts);
      if (
        canonicalize(judged.running) === canonicalize(lastState.running) &&
        canonicalize(judged.gaps) === canonicalize(lastState.gaps)
      )
        continue;
      lastState = {
        ...judged,
        index: trigger.index,
        at: trigger.at,
        kind: 'reevaluation',
        snapshot: lastState.snapshot,
        recordedAt: trigger.at,
        observedAt: null,
        changes: [],
      };
      states.push(lastState);
    }
  }
  return states;
}

/**
 * When a snapshot holds from: when the reporter saw it, for a report that waited in a spool, but
 * never before the environment's latest verdict, so the timeline stays in order; else when the
 * ledger recorded it.
 */
function effectiveTime(s: SnapshotReported, lastState: EnvironmentState | undefined): string {
  if (s.observedAt === null || s.observedAt >= s.at) return s.at;
  return lastState !== undefined && lastState.at > s.observedAt ? lastState.at : s.observedAt;
}

/** The verdict of the environment's policies in force below `before` on each running artifact. */
function judge(
  ledger: AuditLedger,
  environment: string,
  running: readonly ReportedArtifact[],
  before: number,
  at: string,
  runStarts: ReadonlyMap<string, string>,
): Pick<EnvironmentState, 'policies' | 'compliant' | 'running' | 'gaps'> {
  const env = ledger.environment(environment, before);
  const gaps: string[] = [];
  const policies: { name: string; policy: Policy }[] = [];
  const refs: PolicyRef[] = [];
  if (env === undefined) gaps.push(`the definition of environment ${environment} is not in the package`);
  for (const name of env?.policies ?? []) {
    const version = ledger.policy(name, before);
    if (version === undefined) {
      gaps.push(`policy ${name}, which ${environment} follows, is not in the package`);
      continue;
    }
    refs.push({ name, version: version.version, index: version.index });
    try {
      policies.push({ name, policy: parsePolicy(version.source, checkType) });
    } catch {
      gaps.push(`policy ${name} version ${version.version} (entry ${version.index}) cannot be read`);
    }
  }
  const approvals = policies.some((p) => p.policy.approval?.required === true);
  const policiesKnown = env !== undefined && gaps.length === 0;
  const verdicts = running.map((artifact): RunningVerdict => {
    const { provenance, complete } = ledger.provenance(artifact.fingerprint, before);
    if (!complete) gaps.push(`a trail that reported ${artifact.fingerprint} is not in the package`);
    const verdict =
      env !== undefined && policiesKnown && complete
        ? artifactVerdict(policies, {
            artifact,
            environment: { name: environment, type: env.type },
            provenance,
            approvals: approvals
              ? {
                  since: runStarts.get(runKey(artifact)) ?? at,
                  grants: ledger.grants(environment, artifact.fingerprint, before),
                }
              : NO_APPROVALS,
          })
        : undefined;
    return {
      ...artifact,
      compliant: verdict?.compliant ?? null,
      reasons: verdict?.reasons ?? [],
      notes: verdict?.notes ?? [],
      provenance: provenance.map((p) => ({ flow: p.flow.name, trail: p.trail.name, name: p.artifactName })),
    };
  });
  const compliant = verdicts.some((v) => v.compliant === false)
    ? false
    : verdicts.some((v) => v.compliant === null) || (env === undefined && verdicts.length === 0)
      ? null
      : true;
  return { policies: refs, compliant, running: verdicts, gaps: [...new Set(gaps)].sort() };
}

/**
 * The entries that may move the environment's verdicts, in ledger order: its snapshots, and the
 * events after which the projection judges it again — a version of a policy it follows, a change of
 * its policies, an event of a trail that reported something it runs, an approval decision or
 * exception for something it runs.
 */
function triggers(ledger: AuditLedger, environment: string): Trigger[] {
  const { events } = ledger;
  const list: Trigger[] = [];
  const runs = (running: readonly ReportedArtifact[], fingerprint: string) =>
    running.some((a) => a.fingerprint === fingerprint);
  for (const s of events.snapshots)
    if (s.environment === environment)
      list.push({ index: s.index, at: s.at, snapshot: s, concerns: () => false });
  for (const p of events.policies)
    list.push({
      index: p.index,
      at: p.at,
      concerns: (_, before) => ledger.environment(environment, before)?.policies.includes(p.name) ?? false,
    });
  for (const e of events.environments)
    if (e.name === environment)
      list.push({
        index: e.index,
        at: e.at,
        concerns: () =>
          canonicalize(ledger.environment(environment, e.index)?.policies ?? []) !== canonicalize(e.policies),
      });
  const ofTrail = (flow: string, trail: string) => (running: readonly ReportedArtifact[], before: number) =>
    ledger.trailReports(flow, trail, before).some((r) => runs(running, r.fingerprint));
  for (const t of events.trails) list.push({ index: t.index, at: t.at, concerns: ofTrail(t.flow, t.name) });
  for (const a of events.artifacts)
    list.push({ index: a.index, at: a.at, concerns: ofTrail(a.flow, a.trail) });
  for (const a of events.attestations)
    list.push({ index: a.index, at: a.at, concerns: ofTrail(a.flow, a.trail) });
  for (const e of events.exceptions)
    if (e.environment === environment)
      list.push({ index: e.index, at: e.at, concerns: (running) => runs(running, e.fingerprint) });
  const approvals = new Map([...events.requests, ...events.exceptions].map((a) => [a.index, a] as const));
  for (const d of events.decisions) {
    const approval = approvals.get(d.approval);
    if (approval?.environment === environment)
      list.push({ index: d.index, at: d.at, concerns: (running) => runs(running, approval.fingerprint) });
  }
  return list.sort((a, b) => a.index - b.index);
}
