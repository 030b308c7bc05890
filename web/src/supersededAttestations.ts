import type { Artifact, Attestation } from './deliveryTypes.ts';

/**
 * The indices of attestations that a later one of the same name on the same subject replaced: only
 * the latest of a name counts for compliance (src/core/compliance/trailCompliance.ts); the earlier
 * ones stay on record. An attestation bound by fingerprint and one bound by the artifact's template
 * name are about the same artifact, so subjects are compared by artifact name where it is known.
 */
export function supersededAttestations(
  attestations: readonly Attestation[],
  artifacts: readonly Pick<Artifact, 'fingerprint' | 'name'>[],
): Set<number> {
  const names = new Map(artifacts.map((a) => [a.fingerprint, a.name]));
  const keyOf = (a: Attestation): string => {
    const subject =
      a.target === null
        ? ''
        : 'fingerprint' in a.target
          ? (names.get(a.target.fingerprint) ?? a.target.fingerprint)
          : a.target.artifactName;
    return `${subject}\n${a.name}`;
  };
  const latest = new Map<string, number>();
  for (const a of attestations) latest.set(keyOf(a), Math.max(latest.get(keyOf(a)) ?? -1, a.index));
  return new Set(attestations.filter((a) => latest.get(keyOf(a)) !== a.index).map((a) => a.index));
}
