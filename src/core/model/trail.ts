import { EvidentError } from '../errors.ts';
import type { JsonValue } from '../ledger/canonicalJson.ts';
import type { Actor } from './actor.ts';
import type { FlowTemplate } from './template.ts';

export const TRAIL_SAVED = 'trail.saved';
export const ARTIFACT_REPORTED = 'artifact.reported';
export const ATTESTATION_RECORDED = 'attestation.recorded';
export const EVIDENCE_STORED = 'evidence.stored';

/** Git facts about the commit a trail is for (DESIGN §4 "Trail"). */
export interface GitCommit {
  readonly sha: string;
  readonly author?: string;
  readonly committer?: string;
  readonly message?: string;
  readonly timestamp?: string;
  readonly parents?: readonly string[];
  readonly branch?: string;
  readonly url?: string;
}

/** One run of a flow, usually one commit or pull request. */
export interface Trail {
  readonly flow: string;
  readonly name: string;
  readonly description: string;
  readonly commit: GitCommit | null;
  readonly originUrl: string | null;
  readonly userData: JsonValue | null;
  /** The trail's own template, if it brought one; otherwise its flow's applies. */
  readonly template: FlowTemplate | null;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdIndex: number;
}

/** An artifact (by SHA-256 fingerprint) reported in a trail. */
export interface Artifact {
  readonly flow: string;
  readonly trail: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly filename: string | null;
  readonly commit: string | null;
  readonly buildUrl: string | null;
  readonly repository: string | null;
  readonly compliant: boolean;
  readonly reasons: readonly string[];
  readonly createdAt: string;
  readonly createdIndex: number;
}

/** A recorded attestation with the server's evaluation of it. */
export interface Attestation {
  readonly index: number;
  readonly flow: string;
  readonly trail: string;
  readonly name: string;
  readonly type: string;
  readonly target: { readonly fingerprint: string } | { readonly artifactName: string } | null;
  readonly evidence: readonly { readonly name: string; readonly sha256: string }[];
  readonly data: JsonValue | null;
  readonly compliant: boolean;
  /** True when compliance is the client's claim (generic), not computed from evidence. */
  readonly claimed: boolean;
  readonly summary: JsonValue;
  readonly reasons: readonly string[];
  readonly createdAt: string;
  /**
   * Who recorded it: the actor of its ledger entry (the entry at `index`), so that a page lists who
   * recorded each attestation without reading the log entry by entry.
   */
  readonly recordedBy: Actor;
}

/** SHA-256 as 64 lowercase hex digits; a `sha256:` prefix is accepted and dropped. */
export function normaliseSha256(value: string): string | undefined {
  const hex = value.toLowerCase().replace(/^sha256:/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** normaliseSha256, or a `bad_request` saying what must be a SHA-256. */
export function checkSha256(value: string, what = 'the fingerprint'): string {
  const hex = normaliseSha256(value);
  if (hex === undefined) throw new EvidentError('bad_request', `${what} must be a SHA-256 (64 hex digits)`);
  return hex;
}

/** Git commit ids: SHA-1 (40) or SHA-256 (64) hex. */
export function isCommitSha(value: string): boolean {
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}
