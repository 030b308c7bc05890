// The shapes of the delivery records the API answers: the server's own model (src/core/model/trail.ts,
// flow.ts, template.ts), whose fields are JSON already (times are ISO strings). Imported as types only,
// so nothing of the server reaches the browser bundle.
import type { Artifact, Attestation, Trail } from '../../src/core/model/trail.ts';

export type { Artifact, Attestation, GitCommit, Trail } from '../../src/core/model/trail.ts';
export type { Flow, FlowTrails } from '../../src/core/model/flow.ts';
export type { AttestationRequirement, FlowTemplate } from '../../src/core/model/template.ts';

/** A file of an attestation's evidence, fetched by its SHA-256. */
export type EvidenceFile = Attestation['evidence'][number];

/** `GET …/flows/:flow/trails/:trail`. */
export interface TrailRecord {
  readonly trail: Trail;
  readonly artifacts: readonly Artifact[];
  readonly attestations: readonly Attestation[];
}

/** `GET …/artifacts/:fingerprint`: every trail that reported it, that trail, and the attestations on it there. */
export interface ArtifactRecord {
  readonly fingerprint: string;
  readonly reports: readonly {
    readonly artifact: Artifact;
    readonly trail: Trail;
    readonly attestations: readonly Attestation[];
  }[];
}
