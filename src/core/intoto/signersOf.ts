import { EvidentError } from '../errors.ts';
import type { InTotoStatement } from './readInToto.ts';
import type { VerificationKey } from './verificationKey.ts';
import { verifyingKey } from './verifyDsse.ts';

/**
 * With keys given, every statement of a file must be signed by one of them (issue #8): the key that
 * verified each statement, in order, or an `invalid_evidence` error naming the first statement no
 * key verifies. Without keys nothing is required: null for each. The CLI runs it before sending
 * anything and the server again before recording anything.
 */
export function signersOf(
  statements: readonly InTotoStatement[],
  keys: readonly VerificationKey[],
  file: string,
): (VerificationKey | null)[] {
  if (keys.length === 0) return statements.map(() => null);
  return statements.map(({ envelope }, n) => {
    if (envelope === null) {
      throw new EvidentError(
        'invalid_evidence',
        `statement ${n} of ${file} is a plain Statement, not signed; with keys, every statement must be a DSSE envelope or Sigstore bundle signed by one of them`,
      );
    }
    if (envelope.signatures.length === 0) {
      throw new EvidentError(
        'invalid_evidence',
        `statement ${n} of ${file}: the envelope is unsigned (no DSSE signatures); with keys, every statement must be signed by one of them`,
      );
    }
    const found = verifyingKey(envelope, keys);
    if (found === undefined) {
      const tried = keys.map((k) => `sha256:${k.spkiSha256}`).join(', ');
      const count = envelope.signatures.length;
      throw new EvidentError(
        'invalid_evidence',
        `statement ${n} of ${file}: none of its ${count} DSSE signature${count === 1 ? '' : 's'} verifies under the key${keys.length === 1 ? '' : 's'} given (${tried})`,
      );
    }
    return found.key;
  });
}
