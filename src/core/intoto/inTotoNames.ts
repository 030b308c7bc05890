import { SLSA_PROVENANCE_V1, TEST_RESULT_V01, VSA_V1, VULNS_V02 } from './inTotoTypes.ts';

/**
 * The attestation name an imported statement gets when none is given, from its predicate type, so a
 * template can require e.g. `{ name: slsa-provenance, type: intoto }`: slsa-provenance (any
 * https://slsa.dev/provenance/ version), test-result, vulns, vsa; `intoto` for any other predicate.
 */
export function attestationNameOf(predicateType: string): string {
  if (predicateType === SLSA_PROVENANCE_V1 || predicateType.startsWith('https://slsa.dev/provenance/'))
    return 'slsa-provenance';
  if (predicateType === TEST_RESULT_V01) return 'test-result';
  if (predicateType === VULNS_V02 || predicateType.startsWith('https://in-toto.io/attestation/vulns'))
    return 'vulns';
  if (predicateType === VSA_V1 || predicateType.startsWith('https://slsa.dev/verification_summary/'))
    return 'vsa';
  return 'intoto';
}
