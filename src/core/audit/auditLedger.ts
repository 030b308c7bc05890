import type { ApprovalGrant } from '../compliance/approvalGrants.ts';
import type { Provenance } from '../compliance/environmentCompliance.ts';
import { trailCompliance, type Compliance } from '../compliance/trailCompliance.ts';
import { canonicalize } from '../ledger/canonicalJson.ts';
import type { FlowTemplate } from '../model/template.ts';
import type { GitCommit } from '../model/trail.ts';
import type {
  ApprovalDecided,
  ArtifactReported,
  AttestationRecorded,
  AuditEvents,
  EnvironmentSaved,
  PolicyCreated,
  TrailSaved,
} from './auditEvents.ts';

/** The template a trail is judged by, and where it came from (DESIGN §4 "Template"). */
export interface TemplateInForce {
  /** `trail`: the trail brought its own; `flow`: its flow's, as it was when the trail began; `none`. */
  readonly source: 'trail' | 'flow' | 'none';
  /**
   * The entry that set it (a `trail.saved` or `flow.saved`), which names the version; null for
   * `none`. (A flow's version number counts every save before it, which a package need not hold.)
   */
  readonly index: number | null;
  readonly template: FlowTemplate | null;
}

/** One trail's report of a fingerprint: the first report's index and time, the latest facts. */
export interface TrailReport extends ArtifactReported {
  /** Indices of every report of this fingerprint in this trail. */
  readonly reports: readonly number[];
}

/** An approval (request or break-glass exception) with the decisions on it, as of some index. */
export interface ApprovalAsOf {
  readonly id: number;
  readonly kind: 'request' | 'exception';
  readonly environment: string;
  readonly fingerprint: string;
  readonly decisions: readonly ApprovalDecided[];
  readonly status: 'pending' | 'approved' | 'rejected' | 'unreviewed';
}

const key = (...parts: readonly string[]) => parts.join('\u0000');

function groupBy<T>(items: readonly T[], of: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = of(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}

/** Those of a list in ledger order whose index is below `before`. */
const below = <T extends { index: number }>(list: readonly T[] | undefined, before: number): T[] =>
  (list ?? []).filter((x) => x.index < before);

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/**
 * The packaged events as the projections saw them at any point of the log: every question takes
 * `before`, an index bound (exclusive), and answers from the entries below it only — the way the
 * server judged each fact when it was recorded (src/storage/*Projection.ts), re-derived here from the
 * entries alone so an auditor can follow it with nothing but the package.
 */
export class AuditLedger {
  private readonly flows;
  private readonly trails;
  private readonly reports;
  private readonly trailArtifacts;
  private readonly attestationsByTrail;
  private readonly environments;
  private readonly policies;
  private readonly requests;
  private readonly exceptions;
  private readonly decisions;
  private readonly verdicts = new Map<string, ReturnType<typeof trailCompliance>>();
  private readonly templates = new Map<string, { template: FlowTemplate | null; index: number }[]>();

  constructor(readonly events: AuditEvents) {
    this.flows = groupBy(events.flows, (f) => f.name);
    this.trails = groupBy(events.trails, (t) => key(t.flow, t.name));
    this.reports = groupBy(events.artifacts, (a) => a.fingerprint);
    this.trailArtifacts = groupBy(events.artifacts, (a) => key(a.flow, a.trail));
    this.attestationsByTrail = groupBy(events.attestations, (a) => key(a.flow, a.trail));
    this.environments = groupBy(events.environments, (e) => e.name);
    this.policies = groupBy(events.policies, (p) => p.name);
    this.requests = groupBy(events.requests, (r) => key(r.environment, r.fingerprint));
    this.exceptions = groupBy(events.exceptions, (e) => key(e.environment, e.fingerprint));
    this.decisions = groupBy(events.decisions, (d) => String(d.approval));
  }

  /** The flow's latest `flow.saved` below `before`. */
  flow(name: string, before: number) {
    return last(below(this.flows.get(name), before));
  }

  /**
   * The flow's template below `before`, and the save that set it: the first of the saves in a row
   * that sent the same template (a repeat is no new version, src/storage/flowStore.ts).
   */
  flowTemplate(name: string, before: number): { template: FlowTemplate | null; index: number | null } {
    let changes = this.templates.get(name);
    if (changes === undefined) {
      changes = [];
      let text: string | null = null;
      for (const save of this.flows.get(name) ?? []) {
        if (save.template === undefined) continue;
        const next = save.template === null ? null : canonicalize(save.template);
        if (next !== text) changes.push({ template: save.template, index: save.index });
        text = next;
      }
      this.templates.set(name, changes);
    }
    return last(below(changes, before)) ?? { template: null, index: null };
  }

  /** Every `trail.saved` of the trail below `before`. */
  trailSaves(flow: string, trail: string, before = Infinity): TrailSaved[] {
    return below(this.trails.get(key(flow, trail)), before);
  }

  /** The trail's git facts: those of its latest save (each save replaces them). */
  trailCommit(flow: string, trail: string, before: number): GitCommit | null {
    return last(this.trailSaves(flow, trail, before))?.commit ?? null;
  }

  /**
   * A trail's template: its own (the latest save that brought one), else its flow's as it was when
   * the trail began — later changes of a flow's template apply to later trails (deliveryProjection.ts).
   */
  trailTemplate(flow: string, trail: string, before: number): TemplateInForce | undefined {
    const saves = this.trailSaves(flow, trail, before);
    const first = saves[0];
    if (first === undefined) return undefined;
    const own = saves.filter((s) => s.template !== null).at(-1);
    if (own !== undefined) return { source: 'trail', index: own.index, template: own.template };
    const ofFlow = this.flowTemplate(flow, first.index);
    return ofFlow.template === null
      ? { source: 'none', index: null, template: null }
      : { source: 'flow', index: ofFlow.index, template: ofFlow.template };
  }

  /** The artifacts a trail reported below `before`, one per fingerprint (sorted), with the latest facts. */
  trailReports(flow: string, trail: string, before = Infinity): TrailReport[] {
    const byFingerprint = groupBy(
      below(this.trailArtifacts.get(key(flow, trail)), before),
      (a) => a.fingerprint,
    );
    return [...byFingerprint.values()]
      .map((reports) => merged(reports))
      .sort((a, b) => order(a.fingerprint, b.fingerprint));
  }

  /** The attestations recorded in a trail below `before`, in ledger order. */
  trailAttestations(flow: string, trail: string, before = Infinity): AttestationRecorded[] {
    return below(this.attestationsByTrail.get(key(flow, trail)), before);
  }

  /**
   * DESIGN §4 trail compliance below `before`, from the recorded verdicts of its attestations (the
   * attestations themselves are not judged again), or undefined when the trail is not in the package.
   */
  trailVerdict(flow: string, trail: string, before = Infinity) {
    const template = this.trailTemplate(flow, trail, before);
    if (template === undefined) return undefined;
    const attestations = this.trailAttestations(flow, trail, before);
    const reports = this.trailReports(flow, trail, before);
    const lastIndex = Math.max(
      ...this.trailSaves(flow, trail, before).map((s) => s.index),
      ...attestations.map((a) => a.index),
      ...reports.flatMap((r) => r.reports),
    );
    const memo = key(flow, trail, String(lastIndex));
    let verdict = this.verdicts.get(memo);
    if (verdict === undefined) {
      verdict = trailCompliance(template.template, reports, attestations);
      this.verdicts.set(memo, verdict);
    }
    return verdict;
  }

  /** Every trail that reported the fingerprint below `before`, newest first (as environmentFacts.ts). */
  reportsOf(fingerprint: string, before = Infinity): TrailReport[] {
    const byTrail = groupBy(below(this.reports.get(fingerprint), before), (a) => key(a.flow, a.trail));
    return [...byTrail.values()].map((reports) => merged(reports)).sort((a, b) => b.index - a.index);
  }

  /**
   * What the environment policies look at for a fingerprint below `before`: each trail that reported
   * it, with its compliance and the latest attestation of each name that applies (environmentFacts.ts).
   * `complete` is false when a reporting trail is not in the package.
   */
  provenance(fingerprint: string, before: number): { provenance: Provenance[]; complete: boolean } {
    let complete = true;
    const provenance = this.reportsOf(fingerprint, before).flatMap((r): Provenance[] => {
      const verdict = this.trailVerdict(r.flow, r.trail, before);
      const flow = this.flow(r.flow, before);
      if (verdict === undefined || flow === undefined) {
        complete = false;
        return [];
      }
      const latest = new Map<string, { name: string; type: string; compliant: boolean }>();
      for (const a of this.trailAttestations(r.flow, r.trail, before)) {
        const applies =
          (a.targetFingerprint === null && a.targetName === null) ||
          a.targetFingerprint === r.fingerprint ||
          a.targetName === r.name;
        if (applies) latest.set(a.name, { name: a.name, type: a.type, compliant: a.compliant });
      }
      const commit = this.trailCommit(r.flow, r.trail, before);
      return [
        {
          flow: { name: r.flow, description: flow.description },
          trail: {
            name: r.trail,
            compliant: verdict.trail.compliant,
            reasons: verdict.trail.reasons,
            commit: commit?.sha ?? null,
            branch: commit?.branch ?? null,
          },
          artifactName: r.name,
          attestations: [...latest.values()],
        },
      ];
    });
    return { provenance, complete };
  }

  /** The environment's latest `environment.saved` below `before`. */
  environment(name: string, before = Infinity): EnvironmentSaved | undefined {
    return last(below(this.environments.get(name), before));
  }

  /** Names of every environment saved in the package. */
  environmentNames(): string[] {
    return [...this.environments.keys()].sort(order);
  }

  /** The latest version of a policy below `before` (an environment follows the latest of each). */
  policy(name: string, before = Infinity): PolicyCreated | undefined {
    return last(below(this.policies.get(name), before));
  }

  /** These versions of policies, as the package holds them, by name and version. */
  policyVersionsOf(wanted: readonly { name: string; version: number }[]): PolicyCreated[] {
    return wanted
      .flatMap(
        (w) =>
          this.policies
            .get(w.name)
            ?.filter((p) => p.version === w.version)
            .slice(0, 1) ?? [],
      )
      .sort((a, b) => order(a.name, b.name) || a.version - b.version);
  }

  /** Requests and exceptions for a fingerprint in an environment below `before`, with their decisions. */
  approvals(environment: string, fingerprint: string, before = Infinity): ApprovalAsOf[] {
    const k = key(environment, fingerprint);
    const found: ApprovalAsOf[] = [];
    for (const r of below(this.requests.get(k), before)) {
      const decisions = below(this.decisions.get(String(r.index)), before);
      const approvers = new Set(decisions.filter((d) => d.decision === 'approve').map((d) => d.user));
      // A rejection vetoes the request; enough distinct approvers approve it (approvalProjection.ts).
      const status = decisions.some((d) => d.decision === 'reject')
        ? 'rejected'
        : approvers.size >= r.required
          ? 'approved'
          : 'pending';
      found.push({ id: r.index, kind: 'request', environment, fingerprint, decisions, status });
    }
    for (const e of below(this.exceptions.get(k), before)) {
      const decisions = below(this.decisions.get(String(e.index)), before);
      const review = last(decisions);
      const status =
        review === undefined ? 'unreviewed' : review.decision === 'approve' ? 'approved' : 'rejected';
      found.push({ id: e.index, kind: 'exception', environment, fingerprint, decisions, status });
    }
    return found.sort((a, b) => a.id - b.id);
  }

  /**
   * The approvals in force for a fingerprint in an environment below `before`: `approve` decisions on
   * requests not rejected, and exceptions not rejected on review, in ledger order (approvalFacts.ts).
   */
  grants(environment: string, fingerprint: string, before: number): ApprovalGrant[] {
    const grants: (ApprovalGrant & { index: number })[] = [];
    for (const approval of this.approvals(environment, fingerprint, before)) {
      if (approval.status === 'rejected') continue;
      if (approval.kind === 'request') {
        for (const d of approval.decisions)
          if (d.decision === 'approve') grants.push({ by: d.user, at: d.at, index: d.index });
      } else {
        const e = this.exceptions.get(key(environment, fingerprint))?.find((x) => x.index === approval.id);
        if (e !== undefined) grants.push({ by: e.user, at: e.at, exception: e.reason, index: e.index });
      }
    }
    return grants
      .sort((a, b) => a.index - b.index)
      .map(({ by, at, exception }) => ({
        by,
        at,
        ...(exception !== undefined && { exception }),
      }));
  }
}

/** Byte-order comparison, so no ordering depends on a locale. */
export const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reports of one fingerprint in one trail: created by the first, facts of the latest (saveArtifact). */
function merged(reports: readonly ArtifactReported[]): TrailReport {
  const first = reports[0];
  const latest = last(reports);
  if (first === undefined || latest === undefined) throw new Error('a group has at least one report');
  return { ...latest, index: first.index, at: first.at, by: first.by, reports: reports.map((r) => r.index) };
}

export type { Compliance };
