/**
 * One artifact running in an environment, as a reporter finds it (DESIGN §4 "Snapshot"): what it is
 * called there (an image reference, a path, a function name), its SHA-256 fingerprint — the same
 * digest CI reports for it, so the server can find its provenance — and how many instances run.
 */
export interface RunningArtifact {
  readonly name: string;
  /** 64 lowercase hex digits. */
  readonly fingerprint: string;
  /** At least 1. */
  readonly instances: number;
}

/** What a reporter saw: the running artifacts, and what it had to leave out and why. */
export interface ReporterResult {
  readonly artifacts: readonly RunningArtifact[];
  /** E.g. a pod still pulling its image (no digest yet), a locally built image with no registry digest. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Merges entries with the same name and fingerprint (two pods of one deployment are one artifact
 * with two instances) and sorts by name, then fingerprint, so equal sets compare equal.
 */
export function mergeRunning(artifacts: readonly RunningArtifact[]): RunningArtifact[] {
  const merged = new Map<string, RunningArtifact>();
  for (const artifact of artifacts) {
    const key = `${artifact.name}\u0000${artifact.fingerprint}`;
    const seen = merged.get(key);
    merged.set(key, { ...artifact, instances: (seen?.instances ?? 0) + artifact.instances });
  }
  return [...merged.values()].sort(
    (a, b) => a.name.localeCompare(b.name, 'en') || a.fingerprint.localeCompare(b.fingerprint, 'en'),
  );
}
