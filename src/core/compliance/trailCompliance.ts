import type { AttestationRequirement, FlowTemplate } from '../model/template.ts';

/** An attestation as compliance sees it. */
export interface RecordedAttestation {
  /** Ledger index: the later one of a name wins. */
  readonly index: number;
  readonly name: string;
  readonly type: string;
  /** Bound to an artifact by fingerprint, or by template artifact name (binds when it is reported). */
  readonly targetFingerprint: string | null;
  readonly targetName: string | null;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

export interface ReportedArtifact {
  readonly fingerprint: string;
  /** Its name in the template. */
  readonly name: string;
}

export interface Compliance {
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

/**
 * DESIGN §4: an artifact is compliant when every attestation its template requires exists and the
 * latest attestation of each name is compliant (and, when there is a template, it names the
 * artifact); a trail is compliant when its own attestations are, every artifact the template names
 * was reported, and every reported artifact is compliant.
 */
export function trailCompliance(
  template: FlowTemplate | null,
  artifacts: readonly ReportedArtifact[],
  attestations: readonly RecordedAttestation[],
): { trail: Compliance; artifacts: Map<string, Compliance> } {
  const trailLevel = attestations.filter((a) => a.targetFingerprint === null && a.targetName === null);
  const reasons = judge(template?.trail.attestations ?? [], latestByName(trailLevel), 'the trail');
  const byArtifact = new Map<string, Compliance>();
  for (const artifact of artifacts) {
    const bound = attestations.filter(
      (a) =>
        a.targetFingerprint === artifact.fingerprint ||
        (a.targetFingerprint === null && a.targetName === artifact.name),
    );
    const entry = template?.trail.artifacts.find((t) => t.name === artifact.name);
    const own = judge(entry?.attestations ?? [], latestByName(bound), `artifact ${artifact.name}`);
    // With a template, it names every deliverable: an artifact reported under another name is no
    // deliverable of the trail, and would otherwise lend the trail's compliance to any file.
    if (template !== null && entry === undefined)
      own.push(`artifact ${artifact.name} is not in the template (it names ${names(template)})`);
    byArtifact.set(artifact.fingerprint, { compliant: own.length === 0, reasons: own });
    reasons.push(...own.map((r) => `${short(artifact.fingerprint)}: ${r}`));
  }
  for (const expected of template?.trail.artifacts ?? []) {
    if (!artifacts.some((a) => a.name === expected.name))
      reasons.push(`artifact ${expected.name} was not reported`);
  }
  return { trail: { compliant: reasons.length === 0, reasons }, artifacts: byArtifact };
}

function names(template: FlowTemplate): string {
  const all = template.trail.artifacts.map((a) => a.name);
  return all.length === 0 ? 'no artifacts' : all.join(', ');
}

function latestByName(attestations: readonly RecordedAttestation[]): Map<string, RecordedAttestation> {
  const latest = new Map<string, RecordedAttestation>();
  for (const a of attestations) {
    const seen = latest.get(a.name);
    if (seen === undefined || seen.index < a.index) latest.set(a.name, a);
  }
  return latest;
}

/** Reasons against a set of latest attestations: missing, wrong type, or non-compliant. */
function judge(
  required: readonly AttestationRequirement[],
  latest: ReadonlyMap<string, RecordedAttestation>,
  subject: string,
): string[] {
  const reasons: string[] = [];
  for (const need of required) {
    const found = latest.get(need.name);
    if (found === undefined)
      reasons.push(`${subject} lacks the required ${need.type} attestation "${need.name}"`);
    else if (found.type !== need.type) {
      reasons.push(`attestation "${need.name}" is of type ${found.type}, the template requires ${need.type}`);
    }
  }
  for (const a of latest.values()) {
    if (!a.compliant) {
      reasons.push(
        `attestation "${a.name}" (${a.type}) is not compliant: ${a.reasons.join('; ') || 'no reason given'}`,
      );
    }
  }
  return reasons;
}

function short(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}
