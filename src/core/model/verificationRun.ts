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
