import { compileRule, POLICY_CONDITIONS } from '../compliance/custom/celRule.ts';
import { EvidentError } from '../errors.ts';
import { documentShape } from './documentShape.ts';
import { checkName } from './names.ts';
import { parseSourceDocument } from './sourceDocument.ts';
import { normaliseSha256 } from './trail.ts';

export const POLICY_CREATED = 'policy.created';

/**
 * An environment policy (DESIGN §4 "Policy"), version 1. Every version is kept and never changes;
 * an environment follows the latest version of each policy attached to it.
 *
 * ```yaml
 * version: 1
 * artifacts:
 *   provenance: { required: true, exceptions: [ 'artifact.name.startsWith("docker.io/library/")' ] }
 *   trail-compliance: { required: true }
 *   attestations:
 *     - { name: image-scan, type: trivy }
 *     - { name: pen-test, type: generic, if: 'environment.name == "prod"' }
 *   approval: { required: true, approvers: 2, excludeCommitAuthors: true }
 * exceptions: [ 'artifact.name.startsWith("registry.example.com/tools/")' ]
 * allow:
 *   - { fingerprint: "sha256:…", reason: "vendor appliance, INC-4411" }
 * ```
 *
 * Conditions are CEL over `artifact`, `environment`, `flow` and `trail` (celRule.ts POLICY_CONDITIONS).
 */
export interface Policy {
  readonly version: 1;
  readonly provenance: RuleSwitch;
  readonly trailCompliance: RuleSwitch;
  readonly attestations: readonly RequiredAttestation[];
  /** Enforced with approvals (issue #6); until an approval is recorded an artifact lacks it. */
  readonly approval: ApprovalRule | null;
  /** Artifacts any of these match are exempt from every rule of the policy. */
  readonly exceptions: readonly string[];
  /** Fingerprints exempt from every rule, each with the reason recorded. */
  readonly allow: readonly { readonly fingerprint: string; readonly reason: string }[];
}

export interface RuleSwitch {
  readonly required: boolean;
  /** The rule does not apply to artifacts any of these match. */
  readonly exceptions: readonly string[];
}

export interface RequiredAttestation {
  readonly name: string;
  readonly type: string;
  /** Required only for artifacts this matches. */
  readonly if?: string;
}

export interface ApprovalRule {
  readonly required: boolean;
  /** Distinct approvers needed. */
  readonly approvers: number;
  /** Authors and committers of the change may not approve it. */
  readonly excludeCommitAuthors: boolean;
  /** An approval older than this many hours no longer counts (absent: no expiry). */
  readonly expiresAfterHours?: number;
}

/** A policy as stored: its name, version and the source the user wrote, with the parsed form. */
export interface PolicyVersion {
  readonly name: string;
  readonly version: number;
  readonly source: string;
  readonly policy: Policy;
  readonly createdAt: string;
}

export const MAX_POLICY_LENGTH = 64 * 1024;

const shape = documentShape('policy');
const { record, list, text } = shape;
// Annotated so that calls narrow types (TypeScript needs an explicit type on assertion functions).
const bad: (message: string) => never = shape.bad;

/** Compiles each CEL condition now, so a policy that cannot run is refused when it is created. */
function conditions(value: unknown, where: string): string[] {
  return list(value, where, 50).map((item, i) => condition(item, `${where}[${i}]`));
}

function condition(value: unknown, where: string): string {
  const source = text(value, where);
  try {
    compileRule(1, source, POLICY_CONDITIONS);
  } catch (error) {
    if (error instanceof EvidentError) bad(`${where}: ${error.message.replace(/^policy: rule 1 /, '')}`);
    throw error;
  }
  return source;
}

function flag(value: unknown, where: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') bad(`${where} must be true or false`);
  return value;
}

function ruleSwitch(value: unknown, where: string): RuleSwitch {
  if (value === undefined || value === null) return { required: false, exceptions: [] };
  const { required, exceptions } = record(value, where, ['required', 'exceptions']);
  return {
    required: flag(required, `${where}.required`, true),
    exceptions: conditions(exceptions, `${where}.exceptions`),
  };
}

function positiveInteger(value: unknown, where: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    bad(`${where} must be a whole number from 1 to ${max}`);
  return value;
}

function approvalRule(value: unknown): ApprovalRule | null {
  if (value === undefined || value === null) return null;
  const where = 'artifacts.approval';
  const r = record(value, where, ['required', 'approvers', 'excludeCommitAuthors', 'expiresAfterHours']);
  return {
    required: flag(r.required, `${where}.required`, true),
    approvers: r.approvers === undefined ? 1 : positiveInteger(r.approvers, `${where}.approvers`, 10),
    excludeCommitAuthors: flag(r.excludeCommitAuthors, `${where}.excludeCommitAuthors`, false),
    ...(r.expiresAfterHours !== undefined && {
      expiresAfterHours: positiveInteger(r.expiresAfterHours, `${where}.expiresAfterHours`, 24 * 366),
    }),
  };
}

function requiredAttestations(value: unknown, checkType: (type: string) => void): RequiredAttestation[] {
  const seen = new Set<string>();
  return list(value, 'artifacts.attestations').map((item, i) => {
    const where = `artifacts.attestations[${i}]`;
    const r = record(item, where, ['name', 'type', 'if']);
    const name = checkName(`${where} attestation`, text(r.name, `${where}.name`));
    const type = text(r.type, `${where}.type`);
    if (seen.has(name)) bad(`artifacts.attestations names "${name}" twice`);
    seen.add(name);
    try {
      checkType(type);
    } catch (error) {
      if (error instanceof EvidentError) bad(`${where} (${name}): ${error.message}`);
      throw error;
    }
    return { name, type, ...(r.if !== undefined && { if: condition(r.if, `${where}.if`) }) };
  });
}

function allowList(value: unknown): { fingerprint: string; reason: string }[] {
  return list(value, 'allow', 1000).map((item, i) => {
    const where = `allow[${i}]`;
    const r = record(item, where, ['fingerprint', 'reason']);
    const fingerprint = normaliseSha256(text(r.fingerprint, `${where}.fingerprint`));
    if (fingerprint === undefined) bad(`${where}.fingerprint must be a SHA-256 (64 hex digits)`);
    const reason = text(r.reason, `${where}.reason`).trim();
    if (reason === '') bad(`${where}.reason must say why the fingerprint is allowed`);
    return { fingerprint, reason };
  });
}

/**
 * Parses and validates a policy in YAML or JSON; `checkType` refuses unknown attestation types.
 * Throws EvidentError('bad_request') saying where the problem is.
 */
export function parsePolicy(source: string, checkType: (type: string) => void): Policy {
  const document = parseSourceDocument('policy', source, MAX_POLICY_LENGTH);
  const top = record(document, 'the policy', ['version', 'artifacts', 'exceptions', 'allow']);
  if (top.version !== 1) bad('version must be 1');
  const artifacts = record(top.artifacts ?? {}, 'artifacts', [
    'provenance',
    'trail-compliance',
    'attestations',
    'approval',
  ]);
  return {
    version: 1,
    provenance: ruleSwitch(artifacts.provenance, 'artifacts.provenance'),
    trailCompliance: ruleSwitch(artifacts['trail-compliance'], 'artifacts.trail-compliance'),
    attestations: requiredAttestations(artifacts.attestations, checkType),
    approval: approvalRule(artifacts.approval),
    exceptions: conditions(top.exceptions, 'exceptions'),
    allow: allowList(top.allow),
  };
}
