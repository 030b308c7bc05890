import type { ReportedArtifact } from '../model/environment.ts';
import type { Policy } from '../model/policy.ts';
import { approvalOutcome, type ApprovalFacts } from './approvalGrants.ts';
import { CelMeter } from './custom/celMeter.ts';
import { compileRule, POLICY_CONDITIONS, runRule, type CompiledRule } from './custom/celRule.ts';

/** One trail that reported the artifact's fingerprint, with what the policy rules look at. */
export interface Provenance {
  readonly flow: { readonly name: string; readonly description: string };
  readonly trail: {
    readonly name: string;
    readonly compliant: boolean;
    readonly reasons: readonly string[];
    readonly commit: string | null;
    readonly branch: string | null;
  };
  /** The artifact's name in the trail's template. */
  readonly artifactName: string;
  /** The latest attestation of each name that applies to the artifact (its own and the trail's). */
  readonly attestations: readonly {
    readonly name: string;
    readonly type: string;
    readonly compliant: boolean;
  }[];
}

/** Everything known about one artifact running in an environment. */
export interface ArtifactFacts {
  readonly artifact: ReportedArtifact;
  readonly environment: { readonly name: string; readonly type: string };
  /** Newest first. */
  readonly provenance: readonly Provenance[];
  /** Approvals of this fingerprint into this environment (issue #6). */
  readonly approvals: ApprovalFacts;
}

export interface ArtifactVerdict {
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  /** What it stands on that an auditor must see: break-glass exceptions. Absent when none. */
  readonly notes?: readonly string[];
}

/** Why a policy is breached (empty: it holds), and the exceptions it holds by. */
interface Breaches {
  readonly reasons: string[];
  readonly notes: string[];
}

const compiled = new Map<string, CompiledRule>();

/** Conditions were compiled when their policy was created; this caches the compiled form. */
function rule(source: string): CompiledRule {
  let found = compiled.get(source);
  if (found === undefined) {
    if (compiled.size > 10_000) compiled.clear();
    found = compileRule(1, source, POLICY_CONDITIONS);
    compiled.set(source, found);
  }
  return found;
}

/** Whether a condition holds. One that cannot be evaluated does not hold: exemptions fail closed. */
function holds(source: string, context: Record<string, unknown>): boolean {
  return runRule(rule(source), context, new CelMeter()) === undefined;
}

function contextOf(facts: ArtifactFacts, provenance: Provenance | undefined): Record<string, unknown> {
  return {
    artifact: { ...facts.artifact },
    environment: { ...facts.environment },
    flow: provenance === undefined ? {} : { ...provenance.flow },
    trail:
      provenance === undefined
        ? {}
        : {
            name: provenance.trail.name,
            commit: provenance.trail.commit ?? '',
            branch: provenance.trail.branch ?? '',
          },
  };
}

/** Why `provenance` (or no provenance) breaks `policy`; no reasons when it satisfies it. */
function breaches(policy: Policy, facts: ArtifactFacts, provenance: Provenance | undefined): Breaches {
  const context = contextOf(facts, provenance);
  const notes: string[] = [];
  if (policy.exceptions.some((c) => holds(c, context))) return { reasons: [], notes };
  const exempt = (exceptions: readonly string[]) => exceptions.some((c) => holds(c, context));
  const reasons: string[] = [];
  if (provenance === undefined) {
    if (policy.provenance.required && !exempt(policy.provenance.exceptions))
      reasons.push('no provenance: no pipeline reported this fingerprint');
  } else if (
    policy.trailCompliance.required &&
    !provenance.trail.compliant &&
    !exempt(policy.trailCompliance.exceptions)
  ) {
    const why = provenance.trail.reasons.join('; ');
    reasons.push(
      `trail ${provenance.flow.name}/${provenance.trail.name} is not compliant${why === '' ? '' : `: ${why}`}`,
    );
  }
  for (const required of policy.attestations) {
    if (required.if !== undefined && !holds(required.if, context)) continue;
    const found = provenance?.attestations.find((a) => a.name === required.name);
    if (found === undefined) reasons.push(`missing attestation ${required.name} (${required.type})`);
    else if (found.type !== required.type)
      reasons.push(`attestation ${required.name} is ${found.type}, the policy requires ${required.type}`);
    else if (!found.compliant) reasons.push(`attestation ${required.name} is not compliant`);
  }
  if (policy.approval?.required === true) {
    const outcome = approvalOutcome(policy.approval, facts.approvals, facts.environment.name);
    if (outcome.reason !== undefined) reasons.push(outcome.reason);
    if (outcome.note !== undefined) notes.push(outcome.note);
  }
  return { reasons, notes };
}

/**
 * The verdict of an environment's policies on one running artifact (DESIGN §4 "A snapshot is
 * compliant when every artifact in it satisfies the environment's policies"). An allow-listed
 * fingerprint passes a policy with the recorded reason; otherwise the artifact passes a policy when
 * any one trail that reported it satisfies every rule (the same build reported twice is still one
 * build). With no policy attached, provenance alone is required: an artifact no pipeline reported is
 * an unauthorised change (DESIGN §4).
 */
export function artifactVerdict(
  policies: readonly { readonly name: string; readonly policy: Policy }[],
  facts: ArtifactFacts,
): ArtifactVerdict {
  if (policies.length === 0) {
    return facts.provenance.length > 0
      ? { compliant: true, reasons: [] }
      : { compliant: false, reasons: ['no provenance: no pipeline reported this fingerprint'] };
  }
  const reasons: string[] = [];
  const notes = new Set<string>();
  for (const { name, policy } of policies) {
    const allowed = policy.allow.find((a) => a.fingerprint === facts.artifact.fingerprint);
    if (allowed !== undefined) continue;
    const candidates = facts.provenance.length === 0 ? [undefined] : facts.provenance;
    const outcomes = candidates.map((p) => breaches(policy, facts, p));
    const chosen = outcomes.find((o) => o.reasons.length === 0) ?? outcomes[0];
    for (const note of chosen?.notes ?? []) notes.add(note);
    reasons.push(...(chosen?.reasons ?? []).map((r) => `policy ${name}: ${r}`));
  }
  return { compliant: reasons.length === 0, reasons, ...(notes.size > 0 && { notes: [...notes] }) };
}
