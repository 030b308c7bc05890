import type { EvidenceFile } from '../compliance/evaluation.ts';
import {
  describeValue,
  invalidEvidence,
  isJsonObject,
  parseEvidenceJson,
  type JsonObject,
} from '../compliance/evidenceJson.ts';
import { BASE64 } from '../ledger/base64.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import { INTOTO_PAYLOAD_TYPE, STATEMENT_V01, STATEMENT_V1 } from './inTotoTypes.ts';
import { sigstoreMaterialOf, type SigstoreMaterial } from './sigstoreMaterial.ts';
import { unreadableInToto } from './unreadableInToto.ts';
import type { DsseEnvelope } from './verifyDsse.ts';

/*
 * Reading in-toto attestations as hostile input (DESIGN §7): a plain Statement (v1 or v0.1,
 * spec/v1/statement.md), a DSSE envelope (https://github.com/secure-systems-lab/dsse envelope.md:
 * payloadType, base64 payload, signatures), or a Sigstore bundle (v0.1 to v0.3,
 * application/vnd.dev.sigstore.bundle…+json) carrying a `dsseEnvelope`; one document, or several as
 * JSON Lines (spec/v1/bundle.md). Signatures are decoded here and verified elsewhere
 * (signatureVerdict.ts).
 */

/** Largest in-toto file read; provenance with its event payload stays well under 1 MiB. */
export const MAX_INTOTO_BYTES = 8 * 1024 * 1024;
/** Most statements one file may carry. */
export const MAX_STATEMENTS = 100;
/** Most subjects one statement may name. */
export const MAX_SUBJECTS = 1000;

export type InTotoWrapper = 'statement' | 'dsse' | 'sigstore-bundle';

export interface InTotoSubject {
  readonly name: string | null;
  readonly uri: string | null;
  readonly digest: Readonly<Record<string, string>>;
}

/** One statement found in a file, with how it was wrapped and the signatures that came with it. */
export interface InTotoStatement {
  readonly wrapper: InTotoWrapper;
  readonly statementType: string;
  readonly predicateType: string;
  readonly subjects: readonly InTotoSubject[];
  readonly predicate: JsonObject;
  /** The DSSE envelope it came in (payload and signatures decoded); null for a plain Statement. */
  readonly envelope: DsseEnvelope | null;
  /** The Sigstore bundle's certificate and log entries; null unless the wrapper is a bundle. */
  readonly sigstore: SigstoreMaterial | null;
}

/** URL-safe base64 (RFC 4648 §5), padded or not (the DSSE test vectors pad it). */
const DSSE_BASE64URL = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/**
 * DSSE payloads and signatures are base64, standard or URL-safe: "verifiers MUST accept either"
 * (DSSE protocol.md); anything else is refused ("Reject if decoding fails").
 */
function decodeDsseBase64(file: EvidenceFile, where: string, text: string, what: string): Uint8Array {
  const standard = BASE64.test(text);
  if (!standard && !DSSE_BASE64URL.test(text)) throw unreadableInToto(file, where, `${what} is not base64`);
  return new Uint8Array(Buffer.from(text, standard ? 'base64' : 'base64url'));
}

function subjectsOf(file: EvidenceFile, value: unknown, where: string): InTotoSubject[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw unreadableInToto(file, where, '"subject" must be a non-empty array of resource descriptors');
  }
  if (value.length > MAX_SUBJECTS) throw unreadableInToto(file, where, `more than ${MAX_SUBJECTS} subjects`);
  return (value as unknown[]).map((item, i) => {
    const at = `subject[${i}]`;
    if (!isJsonObject(item)) throw unreadableInToto(file, where, `${at} is not an object`);
    const { name, uri, digest } = item;
    if (name !== undefined && typeof name !== 'string')
      throw unreadableInToto(file, where, `${at}.name is not a string`);
    if (uri !== undefined && typeof uri !== 'string')
      throw unreadableInToto(file, where, `${at}.uri is not a string`);
    const digests: Record<string, string> = {};
    if (digest !== undefined) {
      if (!isJsonObject(digest))
        throw unreadableInToto(file, where, `${at}.digest is not an object (a DigestSet)`);
      for (const [algorithm, hex] of Object.entries(digest)) {
        if (typeof hex !== 'string')
          throw unreadableInToto(file, where, `${at}.digest.${algorithm} is not a string`);
        digests[algorithm] = hex;
      }
    }
    if (Object.keys(digests).length === 0 && uri === undefined) {
      throw unreadableInToto(file, where, `${at} has neither a digest nor a uri`);
    }
    return { name: name ?? null, uri: uri ?? null, digest: digests };
  });
}

function statementOf(
  file: EvidenceFile,
  json: unknown,
  where: string,
  wrapper: InTotoWrapper,
  envelope: DsseEnvelope | null,
  sigstore: SigstoreMaterial | null,
): InTotoStatement {
  if (!isJsonObject(json)) throw unreadableInToto(file, where, 'the statement is not a JSON object');
  const { _type: type, predicateType, predicate } = json;
  if (type !== STATEMENT_V1 && type !== STATEMENT_V01) {
    throw unreadableInToto(
      file,
      where,
      `"_type" is ${describeValue(type)}, not an in-toto Statement (${STATEMENT_V1} or ${STATEMENT_V01})`,
    );
  }
  if (typeof predicateType !== 'string' || predicateType === '') {
    throw unreadableInToto(file, where, '"predicateType" must be a non-empty string (a TypeURI)');
  }
  if (predicate !== undefined && predicate !== null && !isJsonObject(predicate)) {
    throw unreadableInToto(file, where, '"predicate" must be an object');
  }
  return {
    wrapper,
    statementType: type,
    predicateType,
    subjects: subjectsOf(file, json.subject, where),
    predicate: predicate ?? {},
    envelope,
    sigstore,
  };
}

function signaturesOf(file: EvidenceFile, value: unknown, where: string): DsseEnvelope['signatures'] {
  if (!Array.isArray(value)) throw unreadableInToto(file, where, '"signatures" must be an array');
  return (value as unknown[]).map((sig, i) => {
    if (!isJsonObject(sig) || typeof sig.sig !== 'string') {
      throw unreadableInToto(file, where, `signatures[${i}] has no "sig" string`);
    }
    return {
      keyid: typeof sig.keyid === 'string' ? sig.keyid : '',
      sig: decodeDsseBase64(file, where, sig.sig, `signatures[${i}].sig`),
    };
  });
}

function fromEnvelope(
  file: EvidenceFile,
  envelope: JsonObject,
  where: string,
  sigstore: SigstoreMaterial | null,
): InTotoStatement {
  const { payloadType, payload } = envelope;
  if (payloadType !== INTOTO_PAYLOAD_TYPE) {
    throw unreadableInToto(
      file,
      where,
      `the DSSE payloadType is ${describeValue(payloadType)}; only ${INTOTO_PAYLOAD_TYPE} (an in-toto Statement) is read`,
    );
  }
  if (typeof payload !== 'string') throw unreadableInToto(file, where, 'the DSSE payload is not a string');
  const signatures = signaturesOf(file, envelope.signatures, where);
  const bytes = decodeDsseBase64(file, where, payload, 'the DSSE payload');
  const json = parseEvidenceJson({ ...file, bytes }, 'an in-toto Statement (DSSE payload)');
  const signed = { payloadType, payload: bytes, signatures };
  return statementOf(file, json, where, sigstore === null ? 'dsse' : 'sigstore-bundle', signed, sigstore);
}

function fromDocument(file: EvidenceFile, json: unknown, where: string): InTotoStatement {
  if (!isJsonObject(json)) throw unreadableInToto(file, where, 'it is not a JSON object');
  if ('_type' in json) return statementOf(file, json, where, 'statement', null, null);
  if ('payloadType' in json || 'payload' in json) return fromEnvelope(file, json, where, null);
  const mediaType = json.mediaType;
  if (typeof mediaType === 'string' && mediaType.startsWith('application/vnd.dev.sigstore.bundle')) {
    if (!isJsonObject(json.dsseEnvelope)) {
      throw unreadableInToto(
        file,
        where,
        'this Sigstore bundle has no dsseEnvelope, so no in-toto Statement',
      );
    }
    const inBundle = `${where} (in the Sigstore bundle's dsseEnvelope)`;
    return fromEnvelope(file, json.dsseEnvelope, inBundle, sigstoreMaterialOf(file, json, where));
  }
  throw unreadableInToto(
    file,
    where,
    'it is neither an in-toto Statement, a DSSE envelope nor a Sigstore bundle',
  );
}

/**
 * Every statement in an in-toto file: one JSON document, or JSON Lines of them. Throws
 * `invalid_evidence` naming the file and the line for anything it cannot read.
 */
export function readInToto(file: EvidenceFile): InTotoStatement[] {
  if (file.bytes.length > MAX_INTOTO_BYTES) {
    throw invalidEvidence(
      file,
      `is ${file.bytes.length} bytes; in-toto files over ${MAX_INTOTO_BYTES} bytes are not read`,
    );
  }
  let documents: { json: unknown; where: string }[];
  try {
    documents = [{ json: parseEvidenceJson(file, 'in-toto JSON'), where: '' }];
  } catch (error) {
    const text = new TextDecoder().decode(file.bytes);
    const lines = text.split('\n').map((line, i) => ({ line: line.trim(), n: i + 1 }));
    const filled = lines.filter(({ line }) => line !== '');
    if (filled.length < 2) throw error;
    documents = filled.map(({ line, n }) => ({
      json: parseEvidenceJson({ ...file, bytes: new TextEncoder().encode(line) }, `in-toto JSON (line ${n})`),
      where: ` at line ${n}`,
    }));
  }
  if (documents.length > MAX_STATEMENTS) {
    throw invalidEvidence(file, `holds ${documents.length} attestations; at most ${MAX_STATEMENTS} are read`);
  }
  return documents.map(({ json, where }) => fromDocument(file, json, where));
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** SHA-256 subjects as 64 lowercase hex digits (a `sha256` digest of another length matches nothing). */
export function sha256Subjects(statement: InTotoStatement): string[] {
  const found = statement.subjects.flatMap((s) => {
    const hex = s.digest.sha256;
    return hex !== undefined && SHA256_HEX.test(hex) ? [hex.toLowerCase()] : [];
  });
  return [...new Set(found)];
}

/**
 * Why a statement with no sha256Subjects binds to no artifact, e.g. "no subject has a sha256 digest".
 * A `sha256` digest that is not 64 hex digits is named as malformed rather than refused: a real
 * producer writes one (shared/samples/intoto vulns-v0.2-statement-v1-no-vulns.json, 40 digits), and
 * its predicate is still worth recording, as the trail's, with the reason it matches no artifact.
 */
export function noArtifactReason(statement: InTotoStatement): string {
  const at = statement.subjects.findIndex(
    (s) => s.digest.sha256 !== undefined && !SHA256_HEX.test(s.digest.sha256),
  );
  const hex = statement.subjects[at]?.digest.sha256;
  return hex === undefined
    ? 'no subject has a sha256 digest'
    : `the sha256 digest of subject[${at}] is malformed (not 64 hex digits: ${describeValue(hex)})`;
}

/** A subject in a summary: its name or uri, and its digests. */
export function subjectSummary(subject: InTotoSubject): { [key: string]: JsonValue } {
  return { name: subject.name ?? subject.uri, digest: { ...subject.digest } };
}
