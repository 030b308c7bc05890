import { isEvidentError, messageOf } from '../errors.ts';
import { parseCheckpoint, type Checkpoint } from '../ledger/checkpoint.ts';
import { openNote, verifierFromVkey } from '../ledger/signedNote.ts';
import { outsideWindow, type TrustedKey } from './trustFile.ts';

/** A checkpoint whose signature verified, with the trusted keys that signed it. */
export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly signers: readonly TrustedKey[];
}

/**
 * A checkpoint that may well be intact but that no key the auditor trusts signed: a matter of
 * trust (a wrong key, another log), not evidence of tampering.
 */
export interface UntrustedCheckpoint {
  readonly notTrusted: string;
}

/**
 * Opens the signed checkpoint note (C2SP signed-note) with the trusted keys: it must carry a valid
 * signature of at least one of them, and no invalid one from any. Answers the checkpoint and its
 * signers; `notTrusted` when no trusted key signed it; or a sentence saying what is wrong with it
 * (malformed, or an invalid signature by a trusted key).
 */
export function openCheckpoint(
  note: string,
  trusted: readonly TrustedKey[],
): SignedCheckpoint | UntrustedCheckpoint | string {
  const unique = [...new Map(trusted.map((k) => [k.vkey, k])).values()];
  const verifiers = unique.map((k) => ({ key: k, verifier: verifierFromVkey(k.vkey) }));
  let opened;
  try {
    opened = openNote(
      note,
      verifiers.map((v) => v.verifier),
    );
  } catch (error) {
    const signedBy = signatureNames(note);
    if (isEvidentError(error, 'invalid_signature') && error.message === 'no known signature')
      return {
        notTrusted: `signed by no key you trust${signedBy === '' ? '' : ` (the note is signed by ${signedBy})`}`,
      };
    return `${messageOf(error)}${signedBy === '' ? '' : ` (the note is signed by ${signedBy})`}`;
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    return `the signed text is not a checkpoint: ${messageOf(error)}`;
  }
  const signers = opened.signatures
    .filter((s) => s.verified)
    .flatMap((s) =>
      verifiers.filter((v) => v.verifier.name === s.name && v.verifier.keyId === s.keyId).map((v) => v.key),
    );
  return { checkpoint, signers };
}

/**
 * Whether one of the keys that signed the checkpoint was trusted at `at` (the checkpoint's time):
 * undefined when one was, else why none was.
 */
export function untrustedAt(signers: readonly TrustedKey[], at: string): string | undefined {
  const reasons: string[] = [];
  for (const key of signers) {
    const outside = outsideWindow(key, at);
    if (outside === undefined) return undefined;
    reasons.push(`${key.vkey.split('+').slice(0, 2).join('+')} is ${outside}`);
  }
  return reasons.join('; ');
}

/** The key names on the signature lines of a note, for messages ("evident-x+1a2b3c4d"). */
function signatureNames(note: string): string {
  const block = note.slice(note.lastIndexOf('\n\n') + 2);
  return [...block.matchAll(/^\u2014 (\S+) (\S{0,12})/gmu)]
    .map((m) => {
      const bytes = Buffer.from(m[2] ?? '', 'base64');
      return bytes.length >= 4 ? `${m[1]}+${bytes.subarray(0, 4).toString('hex')}` : (m[1] ?? '');
    })
    .join(', ');
}
