// The shapes of the log's own state as the API answers them (src/service/verify/verificationService.ts,
// src/core/model/verificationRun.ts), as JSON.

/** Who acted, as a ledger entry records it (src/core/model/ledgerEvent.ts). */
export type Actor =
  | {
      readonly type: 'token';
      readonly id: string;
      readonly role: string;
      readonly user?: string;
      readonly serviceAccount?: string;
    }
  | { readonly type: 'user'; readonly username: string }
  | { readonly type: 'system' };

export interface RunFinding {
  readonly kind: string;
  readonly index?: number;
  readonly table?: string;
  readonly message: string;
}

/** One verification of the org's log by the server: what this server found, no more. */
export interface VerificationRun {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ok: boolean;
  /** Entries replayed, and the hex root hash they hash to. */
  readonly size: number;
  readonly rootHash: string;
  /** Every finding, also those not kept in `findings`. */
  readonly findingCount: number;
  readonly findings: readonly RunFinding[];
  readonly by: Actor;
}

export interface CheckpointStatus {
  /** The C2SP signed note, as served by …/log/checkpoint. */
  readonly note: string;
  readonly origin: string;
  readonly size: number;
  readonly rootHash: string;
  /** When the server signed it, as the database records it (not covered by the signature). */
  readonly signedAt?: string;
  /** Only when the stored note cannot be read: why. */
  readonly problem?: string;
}

/** `GET …/log/status`. */
export interface LogStatus {
  readonly org: string;
  readonly size: number;
  readonly rootHash: string;
  readonly checkpoint: CheckpointStatus | null;
  /** C2SP verifier keys; the last one signs new checkpoints. */
  readonly vkeys: readonly string[];
  readonly lastVerification: VerificationRun | null;
}

/** How an actor reads in a sentence: "audrey", "service account ci", "an API token (auditor)". */
export function actorName(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return actor.username;
    case 'system':
      return 'the server';
    case 'token':
      if (actor.user !== undefined) return actor.user;
      if (actor.serviceAccount !== undefined) return `service account ${actor.serviceAccount}`;
      return `an API token (${actor.role})`;
  }
}
