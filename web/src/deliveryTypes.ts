// The shapes of the delivery records the API answers (src/core/model/trail.ts, flow.ts, template.ts):
// flows, trails, artifacts, attestations and their evidence, as JSON. Restated rather than imported:
// those files import src/core/errors.ts, which needs Node (node:util), and template.ts needs yaml.

export interface GitCommit {
  readonly sha: string;
  readonly author?: string;
  readonly committer?: string;
  readonly message?: string;
  readonly timestamp?: string;
  readonly branch?: string;
  readonly url?: string;
}

export interface AttestationRequirement {
  readonly name: string;
  readonly type: string;
  readonly params?: unknown;
}

export interface FlowTemplate {
  readonly version: 1;
  readonly trail: {
    readonly attestations: readonly AttestationRequirement[];
    readonly artifacts: readonly {
      readonly name: string;
      readonly attestations: readonly AttestationRequirement[];
    }[];
  };
}

export interface Flow {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly template: FlowTemplate | null;
  readonly templateVersion: number;
}

export interface Trail {
  readonly flow: string;
  readonly name: string;
  readonly description: string;
  readonly commit: GitCommit | null;
  readonly originUrl: string | null;
  readonly template: FlowTemplate | null;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdIndex: number;
}

export interface Artifact {
  readonly flow: string;
  readonly trail: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly filename: string | null;
  readonly commit: string | null;
  readonly buildUrl: string | null;
  readonly repository: string | null;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  readonly createdAt: string;
}

export interface EvidenceFile {
  readonly name: string;
  readonly sha256: string;
}

export interface Attestation {
  /** The ledger index of the entry that recorded it. */
  readonly index: number;
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly type: string;
  readonly target: { readonly fingerprint: string } | { readonly artifactName: string } | null;
  readonly evidence: readonly EvidenceFile[];
  readonly compliant: boolean;
  /** The client's claim (type `generic`), not computed from evidence. */
  readonly claimed: boolean;
  readonly summary: unknown;
  readonly reasons: readonly string[];
  readonly createdAt: string;
}

/** `GET …/flows/:flow/trails/:trail`. */
export interface TrailRecord {
  readonly trail: Trail;
  readonly artifacts: readonly Artifact[];
  readonly attestations: readonly Attestation[];
}

/** `GET …/artifacts/:fingerprint`: every trail that reported it, with the attestations on it there. */
export interface ArtifactRecord {
  readonly fingerprint: string;
  readonly reports: readonly { readonly artifact: Artifact; readonly attestations: readonly Attestation[] }[];
}
