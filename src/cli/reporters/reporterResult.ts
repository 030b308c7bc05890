import { canonicalRunningSet, type ReportedArtifact } from '../../core/model/environment.ts';

/**
 * One artifact running in an environment, as a reporter finds it (DESIGN §4 "Snapshot"): what it is
 * called there (an image reference, a path, a function name), its SHA-256 fingerprint — the same
 * digest CI reports for it, so the server can find its provenance — and how many instances run.
 */
export type RunningArtifact = ReportedArtifact;

/** What a reporter saw: the running artifacts, and what it had to leave out and why. */
export interface ReporterResult {
  readonly artifacts: readonly RunningArtifact[];
  /** E.g. a pod still pulling its image (no digest yet), a locally built image with no registry digest. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Merges entries with the same name and fingerprint (two pods of one deployment are one artifact
 * with two instances) and sorts them, so equal sets compare equal.
 */
export const mergeRunning = canonicalRunningSet;
