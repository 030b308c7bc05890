import { EvidentError } from '../errors.ts';
import { decodeBase64Strict, encodeBase64 } from './base64.ts';
import { isValidKeyName, type NoteSigner, type NoteVerifier } from './noteKeys.ts';
import { hasControlCharacter, isWellFormed } from './textChecks.ts';

export {
  generateSignerKey,
  keyIdFor,
  signerFromSkey,
  verifierFromVkey,
  vkeyFromSkey,
  type NoteSigner,
  type NoteVerifier,
} from './noteKeys.ts';

/*
 * C2SP signed note (https://c2sp.org/signed-note): a text ending in a newline, a blank line, then
 * one or more lines "— <key name> base64(4-byte big-endian key ID || signature)\n".
 */

/** Most signatures a note may carry. The spec requires at least 16 be accepted; Go's sumdb/note uses 100. */
export const MAX_NOTE_SIGNATURES = 100;

const SIG_PREFIX = '\u2014 '; // em dash, space
const utf8 = new TextEncoder();

function malformed(message: string): never {
  throw new EvidentError('invalid_note', `malformed note: ${message}`);
}

/**
 * signed-note "Format": valid UTF-8 (no lone surrogates in a JS string) and no ASCII control characters
 * other than newline. U+FFFD is refused too, like Go's sumdb/note, because it is what invalid UTF-8
 * decodes to.
 */
function checkCharacters(text: string): void {
  if (hasControlCharacter(text, true) || !isWellFormed(text) || text.includes('\ufffd')) {
    malformed('invalid UTF-8 or a control character other than newline');
  }
}

/** A signature line of a note, parsed but not verified. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array;
}

/**
 * Splits a signed note into its text and signature lines, enforcing the syntax of signed-note
 * "Format" (the text ends at the last blank line). Throws `invalid_note`.
 */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  checkCharacters(note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '' || !block.endsWith('\n'))
    malformed('signature block must be non-empty lines ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line): NoteSignature => {
    if (!line.startsWith(SIG_PREFIX)) malformed('signature line does not start with "— "');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) malformed('signature line has no signature');
    const name = rest.slice(0, space);
    const bytes = decodeBase64Strict(rest.slice(space + 1));
    if (!isValidKeyName(name)) malformed('invalid key name');
    // 4-byte key ID and at least one byte of signature (as Go's sumdb/note requires).
    if (bytes === undefined || bytes.length < 5) malformed('signature is not base64 of key ID and signature');
    const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    return { name, keyId, signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** Checks the rules a note text must satisfy to be signed: non-empty, ends in "\n", valid characters. */
function checkText(text: string): void {
  if (!text.endsWith('\n')) malformed('text must be non-empty and end in a newline');
  checkCharacters(text);
}

/**
 * Signs `text` with each signer (in order) and returns the signed note. Throws `invalid_note` for a
 * text that cannot be a note text, `invalid_key` for a signer with an invalid name or key ID.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) malformed('a note needs at least one signature');
  if (signers.length > MAX_NOTE_SIGNATURES) malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const msg = utf8.encode(text);
  let out = text + '\n';
  for (const signer of signers) {
    if (!isValidKeyName(signer.name)) throw new EvidentError('invalid_key', 'invalid signer key name');
    if (!Number.isInteger(signer.keyId) || signer.keyId < 0 || signer.keyId > 0xffffffff) {
      throw new EvidentError('invalid_key', 'signer key ID must be a uint32');
    }
    const sig = signer.sign(msg);
    const bytes = new Uint8Array(4 + sig.length);
    new DataView(bytes.buffer).setUint32(0, signer.keyId);
    bytes.set(sig, 4);
    out += `${SIG_PREFIX}${signer.name} ${encodeBase64(bytes)}\n`;
  }
  return out;
}

/** Result of opening a note: its text and each distinct signature line, verified or from an unknown key. */
export interface OpenedNote {
  text: string;
  signatures: { name: string; keyId: number; verified: boolean }[];
}

/**
 * Opens a signed note (signed-note "Signatures"): signatures from unknown keys — including a known
 * name with another key ID, or a known ID with another name — are ignored (listed as unverified).
 * Every signature whose name and key ID match a known verifier must verify, or the whole note is
 * rejected with `invalid_signature`; so is a note with no verified signature from a known key.
 * Malformed notes throw `invalid_note`; two verifiers with the same name and key ID throw `invalid_key`.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const msg = utf8.encode(text);
  const seen = new Set<string>();
  const out: OpenedNote['signatures'] = [];
  for (const sig of signatures) {
    const matches = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (matches.length > 1) throw new EvidentError('invalid_key', `ambiguous key ${sig.name}+${sig.keyId}`);
    const verifier = matches[0];
    if (verifier !== undefined && !verifier.verify(msg, sig.signature)) {
      throw new EvidentError(
        'invalid_signature',
        `invalid signature for key ${sig.name}+${hexId(sig.keyId)}`,
      );
    }
    const key = `${sig.name}+${sig.keyId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: sig.name, keyId: sig.keyId, verified: verifier !== undefined });
  }
  if (!out.some((s) => s.verified)) throw new EvidentError('invalid_signature', 'no known signature');
  return { text, signatures: out };
}

function hexId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}
