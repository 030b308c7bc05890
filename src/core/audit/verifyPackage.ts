import { EvidentError, messageOf } from '../errors.ts';
import { parseCanonical, type JsonValue } from '../ledger/canonicalJson.ts';
import { fromHex, hashFromHex, leafHash, toHex } from '../ledger/merkleHash.ts';
import { verifyInclusion } from '../ledger/proofVerify.ts';
import type { Actor, CommittedEvent } from '../model/ledgerEvent.ts';
import { ATTESTATION_RECORDED } from '../model/trail.ts';
import { openCheckpoint, untrustedAt } from './checkpointTrust.ts';
import { describeAt, jsonDifference } from './jsonDifference.ts';
import {
  CHECKPOINT_PATH,
  classifyPath,
  entryPath,
  evidencePath,
  MANIFEST_PATH,
  proofPath,
  REPORT_HTML_PATH,
  REPORT_JSON_PATH,
} from './packageLayout.ts';
import { fileSha256, parseManifest, type PackageManifest } from './packageManifest.ts';
import { ATTESTATION_TYPE_DEFINED, reevaluationProblem } from './reevaluateAttestation.ts';
import { reportFiles, type PackageContents } from './reportFiles.ts';
import type { TrustedKey } from './trustFile.ts';

/**
 * What `verifyPackage` found: `ok` when nothing, else one precise sentence per problem — `findings`
 * for what was altered or is inconsistent (tampering), `notTrusted` for a checkpoint no key the
 * auditor trusts vouches for (a wrong key, or outside its trust window): the package cannot be relied
 * on, but nothing says it was altered.
 */
export interface PackageVerification {
  readonly ok: boolean;
  readonly findings: readonly string[];
  readonly notTrusted: readonly string[];
  readonly org: string | null;
  readonly subject: PackageManifest['subject'] | null;
  readonly checkpoint: {
    readonly size: number;
    readonly rootHash: string;
    readonly time: string | null;
  } | null;
  /** Trusted keys that signed the checkpoint (name+id). */
  readonly signedBy: readonly string[];
  readonly entries: number;
  readonly evidence: number;
  readonly attestationsReevaluated: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Verifies an audit package offline (docs/audit-package.md "Verification"), given its files as
 * extracted (safely: see untarPackage.ts) and the keys the auditor trusts. Pure: it reads nothing
 * but its arguments. Every check runs and reports on its own, so one altered byte is named by
 * every check it breaks:
 *
 * 1. the manifest lists every other file with its size and SHA-256;
 * 2. the checkpoint is signed by a trusted key, valid at the checkpoint's time — the `at` of its
 *    last entry (index size − 1), which every package carries;
 * 3. each entry's leaf hash (RFC 9162 §2.1.1) with its inclusion proof (§2.1.3.2) gives the
 *    checkpoint's root, and its bytes are a canonical event (RFC 8785: re-encoding gives them back);
 * 4. every evidence file has the SHA-256 it is named by and is referenced by a packaged attestation,
 *    and every evidence file an attestation references is there;
 * 5. each attestation's verdict, re-evaluated from the packaged evidence (core/compliance), equals
 *    the recorded one;
 * 6. report.json and report.html equal the report recomputed from the entries.
 */
export function verifyPackage(
  files: ReadonlyMap<string, Uint8Array>,
  trusted: readonly TrustedKey[],
): PackageVerification {
  if (trusted.length === 0) throw new EvidentError('bad_request', 'no trusted verifier key');
  const findings: string[] = [];
  const notTrusted: string[] = [];
  const result = (extra: Partial<PackageVerification> = {}): PackageVerification => ({
    ok: findings.length === 0 && notTrusted.length === 0,
    findings,
    notTrusted,
    org: null,
    subject: null,
    checkpoint: null,
    signedBy: [],
    entries: 0,
    evidence: 0,
    attestationsReevaluated: 0,
    ...extra,
  });

  // 1. The manifest and the files it lists.
  const manifestFile = files.get(MANIFEST_PATH);
  if (manifestFile === undefined) {
    findings.push(`${MANIFEST_PATH} is missing`);
    return result();
  }
  const manifest = parseManifest(manifestFile);
  if (typeof manifest === 'string') {
    findings.push(manifest);
    return result();
  }
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  for (const file of manifest.files) {
    const bytes = files.get(file.path);
    if (bytes === undefined) {
      findings.push(`${file.path}: listed in ${MANIFEST_PATH} but missing from the package`);
      continue;
    }
    const actual = fileSha256(bytes);
    if (actual !== file.sha256)
      findings.push(`${file.path}: SHA-256 is ${actual}, ${MANIFEST_PATH} says ${file.sha256}`);
    if (bytes.length !== file.size)
      findings.push(`${file.path}: ${bytes.length} bytes, ${MANIFEST_PATH} says ${file.size}`);
  }
  for (const path of sortedPaths(files)) {
    if (path !== MANIFEST_PATH && !listed.has(path)) findings.push(`${path}: not listed in ${MANIFEST_PATH}`);
  }

  // 2. The checkpoint, its signature and origin.
  const note = files.get(CHECKPOINT_PATH);
  let signed: ReturnType<typeof openCheckpoint> | undefined;
  if (note === undefined) findings.push(`${CHECKPOINT_PATH} is missing`);
  else {
    let text: string | undefined;
    try {
      text = utf8.decode(note);
    } catch {
      findings.push(`${CHECKPOINT_PATH}: not UTF-8 text`);
    }
    if (text !== undefined) {
      signed = openCheckpoint(text, trusted);
      if (typeof signed === 'string') findings.push(`${CHECKPOINT_PATH}: ${signed}`);
      else if ('notTrusted' in signed) notTrusted.push(`${CHECKPOINT_PATH}: ${signed.notTrusted}`);
    }
  }
  const opened = typeof signed === 'object' && 'checkpoint' in signed ? signed : undefined;
  const checkpoint = opened?.checkpoint;
  // The proofs are checked against the signed checkpoint; without one, against what the manifest says.
  const size = checkpoint?.size ?? manifest.checkpoint.size;
  const root = checkpoint?.rootHash ?? safeHash(manifest.checkpoint.rootHash);
  if (checkpoint !== undefined) {
    if (checkpoint.size !== manifest.checkpoint.size)
      findings.push(
        `${MANIFEST_PATH}: checkpoint.size is ${manifest.checkpoint.size}, the signed checkpoint says ${checkpoint.size}`,
      );
    if (toHex(checkpoint.rootHash) !== manifest.checkpoint.rootHash)
      findings.push(
        `${MANIFEST_PATH}: checkpoint.rootHash is ${manifest.checkpoint.rootHash}, the signed checkpoint says ${toHex(checkpoint.rootHash)}`,
      );
    if (checkpoint.origin !== manifest.origin)
      findings.push(
        `${MANIFEST_PATH}: origin is ${manifest.origin}, the signed checkpoint's is ${checkpoint.origin}`,
      );
  }
  if (!manifest.origin.endsWith(`/${manifest.org}`))
    findings.push(`${MANIFEST_PATH}: org ${manifest.org} is not the org of the log ${manifest.origin}`);

  // 3. Entries, proofs, canonical events.
  const events: CommittedEvent[] = [];
  const indices = new Set<number>();
  for (const path of sortedPaths(files)) {
    const kind = classifyPath(path);
    if (kind?.kind === 'entry') indices.add(kind.index);
    if (kind?.kind === 'proof' && !files.has(entryPath(kind.index)))
      findings.push(`${path}: a proof for an entry the package does not hold`);
  }
  for (const index of [...indices].sort((a, b) => a - b)) {
    const path = entryPath(index);
    const bytes = files.get(path) as Uint8Array;
    const proofProblem = checkInclusion(index, bytes, files.get(proofPath(index)), size, root);
    if (proofProblem !== undefined) findings.push(`${path}: ${proofProblem}`);
    const event = decodeEvent(index, bytes);
    if (typeof event === 'string') findings.push(`${path}: ${event}`);
    else events.push(event);
  }

  // 2 (continued). The checkpoint's time is that of its last entry; a signer must be trusted then.
  let time: string | null = null;
  if (size > 0) {
    const last = events.find((e) => e.index === size - 1);
    if (last === undefined)
      findings.push(
        `${entryPath(size - 1)}: the checkpoint's last entry is missing, so the checkpoint's time cannot be established`,
      );
    else time = last.at;
  }
  if (opened !== undefined && time !== null) {
    const untrusted = untrustedAt(opened.signers, time);
    if (untrusted !== undefined)
      notTrusted.push(
        `${CHECKPOINT_PATH}: no key that signed it was trusted at the checkpoint's time ${time} (${entryPath(size - 1)}): ${untrusted}`,
      );
  }

  // 4. Evidence: named by its digest, referenced, present.
  const evidence = new Map<string, Uint8Array>();
  for (const path of sortedPaths(files)) {
    const kind = classifyPath(path);
    if (kind?.kind !== 'evidence') continue;
    const bytes = files.get(path) as Uint8Array;
    const actual = fileSha256(bytes);
    if (actual !== kind.sha256) findings.push(`${path}: SHA-256 is ${actual}, not ${kind.sha256}`);
    else evidence.set(kind.sha256, bytes);
  }
  const attestations = events.filter((e) => e.type === ATTESTATION_RECORDED);
  const referenced = new Set<string>();
  for (const event of attestations) {
    for (const ref of Array.isArray(event.data.evidence) ? event.data.evidence : []) {
      const sha256 = (ref as { sha256?: unknown } | null)?.sha256;
      if (typeof sha256 !== 'string') continue;
      referenced.add(sha256);
      if (!files.has(evidencePath(sha256)))
        findings.push(
          `${entryPath(event.index)}: references evidence ${sha256}, which is not in the package`,
        );
    }
  }
  for (const sha256 of evidence.keys()) {
    if (!referenced.has(sha256))
      findings.push(`${evidencePath(sha256)}: no packaged attestation references this evidence`);
  }

  // 5. Compliance re-evaluated from the packaged evidence.
  const definitions = events.filter((e) => e.type === ATTESTATION_TYPE_DEFINED);
  let reevaluated = 0;
  for (const event of attestations) {
    const problem = reevaluationProblem(event, evidence, definitions);
    reevaluated++;
    if (problem !== undefined) findings.push(`${entryPath(event.index)}: ${problem}`);
  }

  // 6. The report, recomputed from the entries.
  findings.push(
    ...reportProblems(files, {
      org: manifest.org,
      origin: manifest.origin,
      subject: manifest.subject,
      checkpoint: { size: manifest.checkpoint.size, rootHash: manifest.checkpoint.rootHash },
      entries: events,
      evidence: sortedPaths(files).flatMap((path) => {
        const kind = classifyPath(path);
        return kind?.kind === 'evidence'
          ? [{ sha256: kind.sha256, size: (files.get(path) as Uint8Array).length }]
          : [];
      }),
    }),
  );

  return result({
    org: manifest.org,
    subject: manifest.subject,
    checkpoint: { size: manifest.checkpoint.size, rootHash: manifest.checkpoint.rootHash, time },
    signedBy: opened !== undefined ? opened.signers.map((k) => k.vkey.split('+').slice(0, 2).join('+')) : [],
    entries: events.length,
    evidence: evidence.size,
    attestationsReevaluated: reevaluated,
  });
}

function sortedPaths(files: ReadonlyMap<string, Uint8Array>): string[] {
  return [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function safeHash(hex: string): Uint8Array {
  try {
    return hashFromHex(hex);
  } catch {
    return new Uint8Array(32);
  }
}

/** Checks `proofs/<index>.json` and the entry's leaf hash against the checkpoint (RFC 9162 §2.1.3.2). */
function checkInclusion(
  index: number,
  entry: Uint8Array,
  proofFile: Uint8Array | undefined,
  size: number,
  root: Uint8Array,
): string | undefined {
  const where = proofPath(index);
  if (proofFile === undefined) return `no inclusion proof (${where} is missing)`;
  const parsed: unknown = parseCanonical(proofFile);
  const proof = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    index?: unknown;
    size?: unknown;
    hashes?: unknown;
  };
  if (
    Object.keys(proof).sort().join(',') !== 'hashes,index,size' ||
    !Array.isArray(proof.hashes) ||
    !proof.hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))
  )
    return `${where} is not canonical JSON {index, size, hashes: [64 hex digits…]}`;
  if (proof.index !== index) return `${where} is the proof of index ${String(proof.index)}`;
  if (proof.size !== size)
    return `${where} proves inclusion in a tree of size ${String(proof.size)}, not the checkpoint's ${size}`;
  try {
    verifyInclusion(
      index,
      size,
      leafHash(entry),
      (proof.hashes as string[]).map((h) => fromHex(h)),
      root,
    );
  } catch (error) {
    return `leaf hash ${toHex(leafHash(entry))} does not match the inclusion proof ${where} against checkpoint size ${size} (${messageOf(error)})`;
  }
  return undefined;
}

/** The committed event an entry's bytes encode, or why they are not one (DESIGN §3 "Entry"). */
function decodeEvent(index: number, bytes: Uint8Array): CommittedEvent | string {
  const value = parseCanonical(bytes);
  if (value === undefined)
    return 'the bytes are not RFC 8785 canonical JSON (re-encoding them gives other bytes)';
  const e = value as Record<string, JsonValue>;
  const object = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (
    !object(e) ||
    Object.keys(e).sort().join(',') !== 'actor,at,data,type,v' ||
    e.v !== 1 ||
    typeof e.type !== 'string' ||
    typeof e.at !== 'string' ||
    !object(e.actor) ||
    !object(e.data)
  )
    return 'not a ledger event {v: 1, type, at, actor, data}';
  return {
    index,
    at: e.at,
    type: e.type,
    actor: e.actor as unknown as Actor,
    data: e.data as { [key: string]: JsonValue },
  };
}

/** report.json and report.html against the report recomputed from the packaged entries. */
function reportProblems(files: ReadonlyMap<string, Uint8Array>, input: PackageContents): string[] {
  let expectedJson: string;
  let expectedHtml: string;
  try {
    ({ json: expectedJson, html: expectedHtml } = reportFiles(input));
  } catch (error) {
    return [`${REPORT_JSON_PATH}: the report cannot be recomputed from the entries: ${messageOf(error)}`];
  }
  const problems: string[] = [];
  const json = files.get(REPORT_JSON_PATH);
  if (json === undefined) problems.push(`${REPORT_JSON_PATH} is missing`);
  else if (Buffer.compare(Buffer.from(json), Buffer.from(expectedJson)) !== 0) {
    let given: unknown;
    try {
      given = JSON.parse(utf8.decode(json));
    } catch {
      given = undefined;
    }
    const recomputed: unknown = JSON.parse(expectedJson);
    const path = given === undefined ? undefined : jsonDifference(given, recomputed);
    problems.push(
      given === undefined
        ? `${REPORT_JSON_PATH} differs from the report recomputed from the entries: it is not JSON`
        : path === undefined
          ? `${REPORT_JSON_PATH} differs from the report recomputed from the entries: it is not in canonical form`
          : `${REPORT_JSON_PATH} differs from the report recomputed from the entries at ${path}: ${describeAt(given, path)} in the file, ${describeAt(recomputed, path)} recomputed`,
    );
  }
  const html = files.get(REPORT_HTML_PATH);
  if (html === undefined) problems.push(`${REPORT_HTML_PATH} is missing`);
  else {
    const expected = Buffer.from(expectedHtml, 'utf8');
    const given = Buffer.from(html);
    if (Buffer.compare(given, expected) !== 0) {
      let at = 0;
      while (at < given.length && at < expected.length && given[at] === expected[at]) at++;
      const line = given.subarray(0, at).toString('utf8').split('\n').length;
      problems.push(
        `${REPORT_HTML_PATH} differs from the report rendered from the entries, first at byte ${at} (line ${line})`,
      );
    }
  }
  return problems;
}
