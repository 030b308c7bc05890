import { EvidentError } from '../../errors.ts';
import { highestSeverity, VULN_SEVERITIES, type VulnSeverity } from '../../intoto/cvssSeverity.ts';
import { TEST_RESULT_V01, VSA_V1 } from '../../intoto/inTotoTypes.ts';
import {
  noArtifactReason,
  readInToto,
  sha256Subjects,
  subjectSummary,
  type InTotoStatement,
} from '../../intoto/readInToto.ts';
import { MAX_REQUIRED_SIGNERS, missingSignerReason } from '../../intoto/requiredSigner.ts';
import { signatureVerdict, signedByOf, type SignedBy } from '../../intoto/signatureVerdict.ts';
import type { JsonValue } from '../../ledger/canonicalJson.ts';
import type { AttestationEvaluator, Evaluation } from '../evaluation.ts';
import { isJsonObject, type JsonObject } from '../evidenceJson.ts';
import { enumListParam, paramsObject, patternListParam } from '../templateParams.ts';

/**
 * The `intoto` attestation type: one in-toto Statement from the attached file (a Statement, DSSE
 * envelope or Sigstore bundle; `data.statement` picks one of a JSON Lines file), bound to the artifact
 * whose fingerprint is `data.subject`, one of its sha256 subjects (null: no such subject, the
 * attestation is the trail's). The verdict, computed from the statement (DESIGN §4):
 * - a SLSA VSA (https://slsa.dev/verification_summary/v1) whose verificationResult is FAILED fails;
 * - a test result (https://in-toto.io/attestation/test-result/v0.1) whose result is FAILED fails;
 * - a vulnerability scan (https://in-toto.io/attestation/vulns/v0.x) fails when a result's highest
 *   severity is one of `failOn` (template param; default CRITICAL and HIGH), severities read from
 *   words, CVSS scores or CVSS v3 vectors (core/intoto/cvssSeverity.ts);
 * - anything else (provenance, SBOMs, …) records what it states and is compliant;
 * and, whatever the predicate, it fails when the signature claim does not hold
 * (core/intoto/signatureVerdict.ts): `data.signedBy`, the key the import verified the statement
 * with, must verify a DSSE signature of it; a Sigstore bundle's signature must verify under its own
 * certificate and its tlog inclusion proofs must hold; and when the template lists keys in
 * `signedBy` (SPKI SHA-256), one of them must be among the keys verified here (requiredSigner.ts).
 * `summary.signatures` says what was verified.
 */
export interface InTotoParams {
  readonly failOn: readonly VulnSeverity[];
  /** SPKI SHA-256 (64 lowercase hex) of the keys one of which must have signed; null: none required. */
  readonly signedBy: readonly string[] | null;
}

/**
 * `data` of an intoto attestation: which statement of the file, which subject it is about, and the
 * key the import verified its signature with (null: none given).
 */
export interface InTotoData {
  readonly statement: number;
  readonly subject: string | null;
  readonly signedBy: SignedBy | null;
}

export function inTotoData(data: JsonValue | undefined): InTotoData {
  const value: JsonValue = data ?? {};
  if (!isJsonObject(value)) throw new EvidentError('invalid_evidence', 'intoto: data must be an object');
  const { statement = 0, subject = null, signedBy } = value;
  if (typeof statement !== 'number' || !Number.isInteger(statement) || statement < 0) {
    throw new EvidentError(
      'invalid_evidence',
      'intoto: data.statement must be the index of a statement in the file',
    );
  }
  if (subject !== null && (typeof subject !== 'string' || !/^[0-9a-f]{64}$/.test(subject))) {
    throw new EvidentError(
      'invalid_evidence',
      'intoto: data.subject must be a sha256 subject digest (64 hex digits) or null',
    );
  }
  return { statement, subject, signedBy: signedByOf(signedBy) };
}

/**
 * The target an intoto attestation must have: the artifact of its sha256 subject, or none (the
 * trail) when it names none. The service checks the recorded target against it, so a statement
 * about one artifact can never be attached to another.
 */
export function inTotoTarget(data: JsonValue | undefined): { fingerprint: string } | null {
  const { subject } = inTotoData(data);
  return subject === null ? null : { fingerprint: subject };
}

const text = (obj: JsonObject, key: string): string | undefined =>
  typeof obj[key] === 'string' ? obj[key] : undefined;

function vulnsVerdict(predicate: JsonObject, failOn: readonly VulnSeverity[]) {
  const scanner = isJsonObject(predicate.scanner) ? predicate.scanner : {};
  const results = Array.isArray(scanner.result) ? (scanner.result as unknown[]) : [];
  const bySeverity = Object.fromEntries(VULN_SEVERITIES.map((s) => [s, 0])) as Record<VulnSeverity, number>;
  const failing: string[] = [];
  for (const result of results) {
    if (!isJsonObject(result)) continue;
    const scores = Array.isArray(result.severity)
      ? (result.severity as unknown[]).flatMap((s) =>
          isJsonObject(s) && typeof s.score === 'string' ? [s.score] : [],
        )
      : [];
    const severity = highestSeverity(scores);
    bySeverity[severity] += 1;
    if (failOn.includes(severity)) failing.push(`${text(result, 'id') ?? '(no id)'} (${severity})`);
  }
  const summary: { [key: string]: JsonValue } = {
    scanner: text(scanner, 'uri') ?? null,
    results: results.length,
    bySeverity,
  };
  const reasons =
    failing.length === 0
      ? []
      : [
          `${failing.length} vulnerabilit${failing.length === 1 ? 'y' : 'ies'} with severity ${failOn.join(' or ')}: ${failing.slice(0, 5).join(', ')}${failing.length > 5 ? ` and ${failing.length - 5} more` : ''}.`,
        ];
  return { summary, reasons };
}

function judge(
  statement: InTotoStatement,
  params: InTotoParams,
): { facts: { [key: string]: JsonValue }; reasons: string[] } {
  const p = statement.predicate;
  if (
    statement.predicateType === VSA_V1 ||
    statement.predicateType.startsWith('https://slsa.dev/verification_summary/')
  ) {
    const result = text(p, 'verificationResult') ?? null;
    const verifier = isJsonObject(p.verifier) ? (text(p.verifier, 'id') ?? null) : null;
    const levels = Array.isArray(p.verifiedLevels)
      ? (p.verifiedLevels as unknown[]).filter((l) => typeof l === 'string')
      : [];
    return {
      facts: { verificationResult: result, verifier, verifiedLevels: levels },
      reasons:
        result === 'FAILED' ? [`The verification summary of ${verifier ?? 'its verifier'} says FAILED.`] : [],
    };
  }
  if (statement.predicateType === TEST_RESULT_V01) {
    const result = text(p, 'result') ?? null;
    const failed = Array.isArray(p.failedTests)
      ? (p.failedTests as unknown[]).filter((t) => typeof t === 'string')
      : [];
    return {
      facts: { result, failedTests: failed.length },
      reasons:
        result === 'FAILED'
          ? [`The test result is FAILED${failed.length > 0 ? ` (${failed.slice(0, 5).join(', ')})` : ''}.`]
          : [],
    };
  }
  if (statement.predicateType.startsWith('https://in-toto.io/attestation/vulns')) {
    const { summary, reasons } = vulnsVerdict(p, params.failOn);
    return { facts: summary, reasons };
  }
  const buildDefinition = isJsonObject(p.buildDefinition) ? p.buildDefinition : undefined;
  const runDetails = isJsonObject(p.runDetails) ? p.runDetails : undefined;
  const builder =
    runDetails !== undefined && isJsonObject(runDetails.builder)
      ? runDetails.builder
      : isJsonObject(p.builder)
        ? p.builder
        : undefined;
  const buildType =
    (buildDefinition !== undefined ? text(buildDefinition, 'buildType') : undefined) ?? text(p, 'buildType');
  return {
    facts: {
      ...(buildType !== undefined && { buildType }),
      ...(builder !== undefined &&
        text(builder, 'id') !== undefined && { builder: text(builder, 'id') ?? null }),
    },
    reasons: [],
  };
}

function evaluate(evidence: Parameters<AttestationEvaluator<InTotoParams>['evaluate']>[0]): Evaluation {
  const { params } = evidence;
  const files = evidence.evidence;
  const file = files[0];
  if (file === undefined || files.length !== 1) {
    throw new EvidentError(
      'invalid_evidence',
      'intoto: attach exactly one in-toto file (Statement, DSSE envelope, Sigstore bundle or JSON Lines)',
    );
  }
  const data = inTotoData(evidence.data);
  const statements = readInToto(file);
  const statement = statements[data.statement];
  if (statement === undefined) {
    throw new EvidentError(
      'invalid_evidence',
      `intoto: ${file.name} holds ${statements.length} statements, there is no statement ${data.statement}`,
    );
  }
  const sha256 = sha256Subjects(statement);
  if (data.subject !== null && !sha256.includes(data.subject)) {
    throw new EvidentError(
      'invalid_evidence',
      `intoto: statement ${data.statement} of ${file.name} has no subject with sha256 ${data.subject}`,
    );
  }
  const { facts, reasons: predicateReasons } = judge(statement, params);
  const signatures = signatureVerdict(statement, data.signedBy);
  const missingSigner = params.signedBy === null ? null : missingSignerReason(params.signedBy, signatures);
  const reasons = [
    ...signatures.reasons,
    ...(missingSigner === null ? [] : [missingSigner]),
    ...predicateReasons,
  ];
  const summary: { [key: string]: JsonValue } = {
    predicateType: statement.predicateType,
    statementType: statement.statementType,
    wrapper: statement.wrapper,
    statement: data.statement,
    subjects: statement.subjects.slice(0, 20).map(subjectSummary),
    subjectCount: statement.subjects.length,
    matchedSubject: data.subject,
    ...(data.subject === null && {
      note: `${noArtifactReason(statement)}, so the statement matches no artifact`,
    }),
    ...signatures.summary,
    ...facts,
  };
  return { compliant: reasons.length === 0, claimed: false, summary, reasons };
}

export const inTotoEvaluator: AttestationEvaluator<InTotoParams> = {
  type: 'intoto',
  parseParams(params: unknown): InTotoParams {
    const p = paramsObject('intoto', params, ['failOn', 'signedBy']);
    return {
      failOn: enumListParam('intoto', 'failOn', p.failOn, VULN_SEVERITIES) ?? ['CRITICAL', 'HIGH'],
      signedBy:
        patternListParam('intoto', 'signedBy', p.signedBy, {
          pattern: /^[0-9a-fA-F]{64}$/,
          what: 'SPKI SHA-256 digests (64 hex digits)',
          max: MAX_REQUIRED_SIGNERS,
        }) ?? null,
    };
  },
  evaluate,
};
