import type { Actor } from './actor.ts';

/** How many runs are kept per org; older ones are dropped when a new one is recorded. */
export const VERIFICATION_RUNS_KEPT = 100;

/** How many findings a run keeps (the count is always the full one). */
export const VERIFICATION_FINDINGS_KEPT = 50;

/** One thing a verification run found wrong in an org's log, projections or evidence. */
export interface RunFinding {
  readonly kind: string;
  readonly index?: number;
  readonly table?: string;
  readonly message: string;
}

/**
 * One verification of an org's log by this server (the replay of DESIGN §3 "Verification", limited
 * to that org), as recorded outside the ledger: it is an observation of the server, not a domain fact,
 * so it is trustworthy as "what this server found", no more. Only an offline `evident verify` with a
 * key the auditor holds is independent of the server.
 */
export interface VerificationRun {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** No finding at all. */
  readonly ok: boolean;
  /** How many entries of the log were replayed (the log size verified)… */
  readonly size: number;
  /** …and the root hash (hex) they hash to. */
  readonly rootHash: string;
  /** Every finding, also those not kept in `findings`. */
  readonly findingCount: number;
  /** The first {@link VERIFICATION_FINDINGS_KEPT} findings. */
  readonly findings: readonly RunFinding[];
  /** Who asked for it. */
  readonly by: Actor;
}

/** The latest signed checkpoint of a log, with what its note says. */
export interface CheckpointStatus {
  /** The C2SP signed note, as served by …/log/checkpoint. */
  readonly note: string;
  readonly origin: string;
  readonly size: number;
  /** Hex. */
  readonly rootHash: string;
  /**
   * When the server signed it, as the database records beside it (the time of the newest entry it
   * covers): a checkpoint note carries no time of its own, so this is not covered by the signature.
   */
  readonly signedAt?: string;
  /** Only when the note cannot be parsed: why; size and root hash are then the stored columns. */
  readonly problem?: string;
}

/** The state of an org's log for the web UI's Ledger page (issue #7). */
export interface LogStatus {
  readonly org: string;
  readonly size: number;
  /** Hex root hash of the tree head. */
  readonly rootHash: string;
  readonly checkpoint: CheckpointStatus | null;
  /** The server's verifier keys (C2SP vkey format); the last one signs. */
  readonly vkeys: readonly string[];
  readonly lastVerification: VerificationRun | null;
}
