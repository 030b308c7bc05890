// A trail's template requirements next to what was recorded for each, so that the reasons a trail is
// not compliant read plainly: "unit-tests: 2 of 40 failed", "dependency-scan missing". The verdicts
// are the server's; this only lines them up with what the template asks for, the way
// src/core/compliance/trailCompliance.ts reads it (the latest attestation of a name counts).
import { shortProblem } from './attestationSummary.ts';
import type { Artifact, Attestation, AttestationRequirement, TrailRecord } from './deliveryTypes.ts';

export interface Check {
  /** The artifact it is about (its template name), or null for the trail itself. */
  readonly artifact: string | null;
  readonly name: string;
  readonly type: string;
  /** The latest attestation of that name, if any. */
  readonly found: Attestation | undefined;
  /** What is wrong, in a few words; null when it is satisfied. */
  readonly problem: string | null;
}

function latestNamed(attestations: readonly Attestation[], name: string): Attestation | undefined {
  return attestations
    .filter((a) => a.name === name)
    .reduce<Attestation | undefined>(
      (latest, a) => (latest === undefined || a.index > latest.index ? a : latest),
      undefined,
    );
}

function check(
  artifact: string | null,
  need: AttestationRequirement,
  attestations: readonly Attestation[],
): Check {
  const found = latestNamed(attestations, need.name);
  const problem =
    found === undefined
      ? 'missing'
      : found.type !== need.type
        ? `is a ${found.type} attestation, the template requires ${need.type}`
        : found.compliant
          ? null
          : shortProblem(found);
  return { artifact, name: need.name, type: need.type, found, problem };
}

function boundTo(artifact: Artifact, attestations: readonly Attestation[]): Attestation[] {
  return attestations.filter(
    (a) =>
      a.target !== null &&
      ('fingerprint' in a.target
        ? a.target.fingerprint === artifact.fingerprint
        : a.target.artifactName === artifact.name),
  );
}

/**
 * Every requirement of the trail's template with what was found for it, then any other attestation
 * whose latest is not compliant, and the template's artifacts that no report named.
 */
export function trailChecklist(record: TrailRecord): { checks: Check[]; unreported: string[] } {
  const { trail, artifacts, attestations } = record;
  const template = trail.template;
  const checks: Check[] = [];
  const own = attestations.filter((a) => a.target === null);
  const required = (list: readonly AttestationRequirement[]) => new Set(list.map((r) => r.name));
  // Approval decisions are attested on the trail for the record, but the trail's compliance is about
  // its build (approvals count per environment), so a rejection is no reason here.
  const extra = (artifact: string | null, all: readonly Attestation[], named: Set<string>) => {
    const list = all.filter((a) => a.type !== 'approval');
    for (const name of new Set(list.map((a) => a.name))) {
      const found = latestNamed(list, name);
      if (named.has(name) || found === undefined || found.compliant) continue;
      checks.push({ artifact, name, type: found.type, found, problem: shortProblem(found) });
    }
  };
  const trailNeeds = template?.trail.attestations ?? [];
  checks.push(...trailNeeds.map((need) => check(null, need, own)));
  extra(null, own, required(trailNeeds));
  for (const artifact of artifacts) {
    const bound = boundTo(artifact, attestations);
    const needs = template?.trail.artifacts.find((t) => t.name === artifact.name)?.attestations ?? [];
    checks.push(...needs.map((need) => check(artifact.name, need, bound)));
    extra(artifact.name, bound, required(needs));
  }
  const unreported = (template?.trail.artifacts ?? [])
    .map((t) => t.name)
    .filter((name) => !artifacts.some((a) => a.name === name));
  return { checks, unreported };
}

/** The plain sentences of a checklist's problems. */
export function plainProblems({ checks, unreported }: ReturnType<typeof trailChecklist>): string[] {
  return [
    ...checks
      .filter((c) => c.problem !== null)
      .map((c) => {
        const where = c.artifact === null ? '' : ` (artifact ${c.artifact})`;
        return c.problem === 'missing'
          ? `${c.name} missing${where}`
          : `${c.name}: ${c.problem ?? ''}${where}`;
      }),
    ...unreported.map((name) => `artifact ${name} was not reported`),
  ];
}
