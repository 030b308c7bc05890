import type { SignatureVerdict } from './signatureVerdict.ts';

/*
 * The `signedBy` param of an intoto template entry (issue #8): without it a later import under the
 * same name — unsigned, or signed by anyone, with no --key — replaces a verified attestation and
 * still complies. With it, the evaluation itself must show a signature by one of the listed keys
 * (SPKI SHA-256, as `data.signedBy.spkiSha256` and the CLI's `signature:` line print them): the key
 * recorded at import, re-verified (signatureVerdict.ts), or a Sigstore bundle's own certificate.
 */

/** Most keys one `signedBy` param lists. */
export const MAX_REQUIRED_SIGNERS = 20;

/** Why the verdict does not show a signature by one of `required`; null when it does. */
export function missingSignerReason(required: readonly string[], verdict: SignatureVerdict): string | null {
  if (verdict.verifiedSpkis.some((k) => required.includes(k))) return null;
  const listed =
    required.length === 1
      ? `key sha256:${required[0]}`
      : `one of the keys ${required.map((k) => `sha256:${k}`).join(', ')}`;
  const verified = verdict.verifiedSpkis.map((k) => `sha256:${k}`).join(', ');
  const why: Record<SignatureVerdict['outcome'], string> = {
    unsigned: 'the statement is unsigned',
    unverified: 'no signature of it was verified (no key was given at import)',
    failed: 'no signature of it verified',
    key: `it was verified only by key ${verified}, which the template does not list`,
    'sigstore-certificate': `it was verified only by the Sigstore bundle's certificate (key ${verified}), which the template does not list`,
  };
  return `The template requires a signature by ${listed}; ${why[verdict.outcome]}.`;
}
