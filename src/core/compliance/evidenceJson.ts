import { EvidentError } from '../errors.ts';
import { MAX_PARSED_EVIDENCE_BYTES, type EvidenceFile } from './evaluation.ts';

/**
 * Reading a JSON evidence file (SARIF, Trivy, Snyk) as hostile input (DESIGN §7): bounded size,
 * bounded nesting depth, UTF-8 only (RFC 8259 §8.1; a leading UTF-8 BOM is tolerated, §8.1 allows a
 * parser to ignore it), and every refusal an EvidentError('invalid_evidence') that names the file.
 */

/** Deepest array/object nesting accepted; real tool output stays well below 30. */
export const MAX_EVIDENCE_JSON_DEPTH = 64;

/** A parsed JSON object whose members are not yet checked. */
export interface JsonObject {
  readonly [key: string]: unknown;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short printable form of a value, for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'absent';
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The error for evidence that cannot be read, naming the file. */
export function invalidEvidence(file: EvidenceFile, problem: string): EvidentError {
  return new EvidentError('invalid_evidence', `evidence file "${file.name}" ${problem}`, {
    file: file.name,
    sha256: file.sha256,
  });
}

/**
 * True if arrays/objects nest deeper than `limit`. A linear scan that skips string contents, run
 * before JSON.parse so that over-deep input is refused before anything is built from it. On
 * malformed JSON the answer does not matter: JSON.parse rejects it next.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Decodes and parses one JSON evidence file; `format` names what was expected, for messages. */
export function parseEvidenceJson(file: EvidenceFile, format: string): unknown {
  const bytes = file.bytes;
  if (bytes.length > MAX_PARSED_EVIDENCE_BYTES) {
    throw invalidEvidence(
      file,
      `is ${bytes.length} bytes; ${format} evidence over ${MAX_PARSED_EVIDENCE_BYTES} bytes is not parsed`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalidEvidence(file, `is UTF-16 (byte order mark); ${format} evidence must be UTF-8 JSON`);
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      hasBom ? bytes.subarray(3) : bytes,
    );
  } catch {
    throw invalidEvidence(file, `is not valid UTF-8; ${format} evidence must be UTF-8 JSON`);
  }
  if (nestsDeeperThan(text, MAX_EVIDENCE_JSON_DEPTH)) {
    throw invalidEvidence(file, `nests arrays/objects deeper than ${MAX_EVIDENCE_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 200) : 'parse error';
    throw invalidEvidence(file, `is not valid JSON, so not ${format} (${detail})`);
  }
}
