import type { JsonValue } from '../ledger/canonicalJson.ts';
import type { Party } from '../model/approval.ts';
import type { CommittedEvent } from '../model/ledgerEvent.ts';
import type { TemplateInForce } from './auditLedger.ts';
import type { AuditSubject } from './auditSubject.ts';
import type { EnvironmentState, PolicyRef, RunningVerdict } from './environmentTimeline.ts';

/**
 * The data of an audit package's report (issue #8): plain JSON (no Date, no undefined), so that
 * report.json is its canonical encoding and an offline verifier recomputes it byte for byte from the
 * packaged entries. Every fact carries the ledger index of the entry it comes from.
 */

/** A packaged entry, decoded: its index and the event (DESIGN §3 "Entry": type, at, actor, data). */
export interface AuditEntry {
  readonly index: number;
  readonly event: Pick<CommittedEvent, 'type' | 'at' | 'actor' | 'data'>;
}

export interface AuditReportInput {
  readonly subject: AuditSubject;
  /** The log's origin, `<server origin>/<org>` (DESIGN §3). */
  readonly origin: string;
  readonly org: string;
  /** The signed checkpoint every packaged entry is proved against (root hash as in the note). */
  readonly checkpoint: { readonly size: number; readonly rootHash: string };
  /** The packaged entries, in any order. */
  readonly entries: readonly AuditEntry[];
  /** The evidence files in the package (`evidence/<sha256>`), with their sizes. */
  readonly evidence: readonly { readonly sha256: string; readonly size: number }[];
}

/** A verdict in words: `unknown` when the package lacks what it takes to reach it. */
export type AuditVerdict = 'compliant' | 'non-compliant' | 'unknown';

/** A sentence for the summary, with the entries it stands on. */
export interface AuditFinding {
  readonly text: string;
  readonly indices: readonly number[];
}

export interface AuditReport {
  readonly format: 'evident.audit-report';
  readonly version: 1;
  readonly subject: AuditSubject;
  /** "Artifact sha256:…", "Trail payments-api / build-1043", "Environment prod, … to …". */
  readonly title: string;
  readonly log: {
    readonly origin: string;
    readonly org: string;
    readonly checkpoint: { readonly size: number; readonly rootHash: string };
    /** How many entries the package holds, and their range of indices and times. */
    readonly entries: number;
    readonly firstIndex: number | null;
    readonly lastIndex: number | null;
    readonly firstAt: string | null;
    readonly lastAt: string | null;
  };
  readonly summary: AuditSummary;
  /** The artifacts told, by first report (never reported ones last), then fingerprint. */
  readonly artifacts: readonly AuditArtifact[];
  /** The trails that built them, in ledger order. */
  readonly trails: readonly AuditTrail[];
  /** Approval requests and break-glass exceptions for them, in ledger order. */
  readonly approvals: readonly AuditApproval[];
  /** The environments told (where they ran, or the one of the package), by name. */
  readonly environments: readonly AuditEnvironment[];
  /** Every evidence file the attestations reference or the package holds, by SHA-256. */
  readonly evidence: readonly AuditEvidence[];
  /** What the package does not hold that the story would need (sorted); empty when complete. */
  readonly gaps: readonly string[];
}

export interface AuditSummary {
  readonly verdict: AuditVerdict;
  /** What an auditor must look at: no provenance, non-compliant trails, unauthorised runs… */
  readonly problems: readonly AuditFinding[];
  /** What an auditor should know: break-glass, rejected and pending approvals, gaps. */
  readonly notes: readonly AuditFinding[];
  readonly counts: {
    readonly trails: number;
    readonly artifacts: number;
    readonly attestations: number;
    readonly approvals: number;
    readonly breakGlass: number;
    readonly runs: number;
    readonly unauthorisedRuns: number;
    readonly snapshots: number;
    readonly evidenceFiles: number;
    readonly evidenceInPackage: number;
  };
}

export interface AuditArtifact {
  readonly fingerprint: string;
  /** Every name it was reported or ran under, sorted. */
  readonly names: readonly string[];
  /** The trails that reported it, oldest first. */
  readonly builds: readonly AuditBuild[];
  /** Ids (entry indices) of its approvals and exceptions, see AuditReport.approvals. */
  readonly approvals: readonly number[];
  /** Every period it ran in an environment, oldest first. */
  readonly runs: readonly AuditRun[];
}

/** One trail's report of an artifact, with the artifact's compliance in that trail. */
export interface AuditBuild {
  readonly flow: string;
  readonly trail: string;
  /** Its name in the trail's template. */
  readonly name: string;
  readonly index: number;
  readonly at: string;
  readonly by: Party;
  /** Every report of it in the trail (a repeated report updates the facts). */
  readonly reports: readonly number[];
  readonly filename: string | null;
  readonly commit: string | null;
  readonly buildUrl: string | null;
  readonly repository: string | null;
  /** From the template and the recorded attestation verdicts; null when the trail is not packaged. */
  readonly compliant: boolean | null;
  readonly reasons: readonly string[];
}

export interface AuditCommit {
  readonly sha: string;
  readonly author: string | null;
  readonly committer: string | null;
  readonly message: string | null;
  readonly timestamp: string | null;
  readonly branch: string | null;
  readonly url: string | null;
  readonly parents: readonly string[];
}

export interface AuditTrail {
  readonly flow: string;
  readonly name: string;
  readonly description: string;
  /** The entry that began it, and every save of it. */
  readonly index: number;
  readonly at: string;
  readonly by: Party;
  readonly saves: readonly number[];
  readonly flowDescription: string | null;
  readonly commit: AuditCommit | null;
  readonly originUrl: string | null;
  /** The template in force (its `template` is the parsed FlowTemplate as JSON). */
  readonly template: {
    readonly source: TemplateInForce['source'];
    readonly index: number | null;
    readonly template: JsonValue;
  };
  readonly artifacts: readonly {
    readonly fingerprint: string;
    readonly name: string;
    readonly index: number;
    readonly at: string;
    readonly compliant: boolean;
    readonly reasons: readonly string[];
  }[];
  readonly attestations: readonly AuditAttestation[];
  /** DESIGN §4, from the recorded attestation verdicts as of the last packaged entry. */
  readonly compliant: boolean;
  readonly reasons: readonly string[];
}

export interface AuditAttestation {
  readonly index: number;
  readonly at: string;
  readonly by: Party;
  readonly name: string;
  readonly type: string;
  /** Bound to an artifact by fingerprint or template name; both null: about the trail. */
  readonly targetFingerprint: string | null;
  readonly targetName: string | null;
  /** The verdict as the server recorded it (computed from the evidence, or the client's claim). */
  readonly compliant: boolean;
  readonly claimed: boolean;
  readonly reasons: readonly string[];
  readonly summary: JsonValue;
  /** The template parameters it was judged by, and the custom type's version. */
  readonly params: JsonValue;
  readonly typeVersion: number | null;
  readonly data: JsonValue;
  readonly evidence: readonly {
    readonly name: string;
    readonly sha256: string;
    readonly inPackage: boolean;
  }[];
  /** A later attestation of the same name and target replaces it (the latest counts, DESIGN §4). */
  readonly supersededBy: number | null;
}

export interface AuditDecision {
  readonly index: number;
  readonly at: string;
  readonly by: string;
  readonly decision: 'approve' | 'reject';
  readonly comment: string | null;
}

export interface AuditApproval {
  /** The index of the entry that created it. */
  readonly id: number;
  /** `exception`: break-glass. */
  readonly kind: 'request' | 'exception';
  readonly environment: string;
  readonly fingerprint: string;
  readonly at: string;
  /** Who asked, or who broke the glass. */
  readonly requestedBy: Party;
  /** The request's comment, or the exception's reason. */
  readonly comment: string | null;
  readonly required: number;
  readonly expiresAt: string | null;
  /** The environment's verdict on the fingerprint when it was requested, as the server recorded it. */
  readonly verdictAtRequest: { readonly compliant: boolean; readonly reasons: readonly string[] } | null;
  /** The commits of the change it asked to let in, as recorded with the request. */
  readonly commits: readonly {
    readonly sha: string;
    readonly author: string | null;
    readonly message: string | null;
  }[];
  /** Decisions on a request, or reviews of an exception, in ledger order. */
  readonly decisions: readonly AuditDecision[];
  /** As of the last packaged entry (expiry is shown as `expiresAt`, not applied). */
  readonly status: 'pending' | 'approved' | 'rejected' | 'unreviewed';
}

/** One period an artifact ran in an environment (DESIGN §1 "When was this artifact anywhere?"). */
export interface AuditRun {
  readonly environment: string;
  readonly name: string;
  readonly from: string;
  readonly fromIndex: number;
  readonly until: string | null;
  readonly untilIndex: number | null;
  readonly instancesAtStart: number;
  readonly instances: number;
  readonly scalings: number;
  /** The verdict when it started; null: unknown (see gaps). */
  readonly compliant: boolean | null;
  readonly reasons: readonly string[];
  readonly notes: readonly string[];
  readonly unauthorised: boolean | null;
  readonly provenance: RunningVerdict['provenance'];
  /** Later verdicts on it while it ran (a policy, an attestation or an approval changed it). */
  readonly verdictChanges: readonly {
    readonly index: number;
    readonly at: string;
    readonly compliant: boolean | null;
    readonly reasons: readonly string[];
    readonly notes: readonly string[];
  }[];
}

export interface AuditPolicy {
  readonly name: string;
  readonly version: number;
  readonly index: number;
  readonly at: string;
  /** The policy as its author wrote it (YAML or JSON). */
  readonly source: string;
}

export interface AuditEnvironment {
  readonly name: string;
  readonly type: string | null;
  readonly description: string | null;
  /** The latest definition in the package. */
  readonly index: number | null;
  readonly includes: readonly string[];
  /** Every policy version it followed in the time told, by name and version. */
  readonly policies: readonly AuditPolicy[];
  /** Environment packages: the state in force when the range began (null: none yet). */
  readonly baseline: EnvironmentState | null;
  /** Environment packages: every snapshot and re-evaluation in the range, in ledger order. */
  readonly states: readonly EnvironmentState[];
}

export interface AuditEvidence {
  readonly sha256: string;
  /** The names attestations gave it. */
  readonly names: readonly string[];
  readonly size: number | null;
  readonly mediaType: string | null;
  /** The `evidence.stored` entry (the media type comes from it). */
  readonly storedIndex: number | null;
  readonly inPackage: boolean;
  /** Indices of the attestations that reference it. */
  readonly attestations: readonly number[];
}

export type { AuditSubject, EnvironmentState, PolicyRef, RunningVerdict };
