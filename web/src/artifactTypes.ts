// Where and when an artifact ran (`GET …/artifacts/:fingerprint/runs`: periods of the server's own model
// src/core/model/artifactRun.ts, imported as a type only), and what search finds (`GET …/search?q=`,
// src/service/searchService.ts), as JSON.
import type { ArtifactRun } from '../../src/core/model/artifactRun.ts';

export type { ArtifactRun } from '../../src/core/model/artifactRun.ts';

export interface ArtifactRuns {
  readonly fingerprint: string;
  /** Whether a trail reported it; false for an artifact only ever seen running (no provenance). */
  readonly reported: boolean;
  /** Newest start first. */
  readonly runs: readonly ArtifactRun[];
  /** It changed so often that older periods are left out. */
  readonly truncated: boolean;
}

export type SearchHit =
  | {
      readonly kind: 'environment';
      readonly environment: string;
      readonly type: string;
      readonly matched: 'name';
    }
  | { readonly kind: 'flow'; readonly flow: string; readonly description: string; readonly matched: 'name' }
  | {
      readonly kind: 'trail';
      readonly flow: string;
      readonly trail: string;
      readonly commit: string | null;
      readonly compliant: boolean;
      readonly matched: 'commit' | 'name';
    }
  | {
      readonly kind: 'artifact';
      readonly fingerprint: string;
      readonly name: string;
      /** The trail that reported it; null for an artifact only ever seen running. */
      readonly flow: string | null;
      readonly trail: string | null;
      readonly compliant: boolean | null;
      readonly matched: 'fingerprint' | 'commit' | 'name';
    }
  | {
      readonly kind: 'evidence';
      readonly sha256: string;
      readonly size: number;
      readonly mediaType: string;
      readonly matched: 'sha256';
    };

export interface SearchAnswer {
  readonly hits: readonly SearchHit[];
  /** More matched than were answered (50 of each kind). */
  readonly truncated: boolean;
}
