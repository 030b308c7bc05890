// The shapes of the log's own state as the API answers them, as JSON. Verification runs and actors are
// the server's own model (src/core/model/verificationRun.ts, actor.ts), imported as types only; the
// status of the log is a shape of src/service/verify/verificationService.ts, which the browser cannot
// type-check (it needs Node), so it is restated here.
import type { Actor } from '../../src/core/model/actor.ts';
import type { VerificationRun } from '../../src/core/model/verificationRun.ts';

export type { Actor } from '../../src/core/model/actor.ts';
export type { VerificationRun } from '../../src/core/model/verificationRun.ts';

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
