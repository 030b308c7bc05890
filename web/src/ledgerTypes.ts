// The shapes of the log's own state as the API answers them: the server's own model
// (src/core/model/verificationRun.ts, actor.ts), imported as types only.
import type { Actor } from '../../src/core/model/actor.ts';

export type { Actor } from '../../src/core/model/actor.ts';
export type { CheckpointStatus, LogStatus, VerificationRun } from '../../src/core/model/verificationRun.ts';

/** How an actor reads in a sentence: "audrey", "service account ci", "API token tok_… (auditor)". */
export function actorName(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return actor.username;
    case 'system':
      return 'the server';
    case 'token':
      if (actor.user !== undefined) return actor.user;
      if (actor.serviceAccount !== undefined) return `service account ${actor.serviceAccount}`;
      // Its id, as the audit report and the ledger entry name it, so the two can be matched.
      return `API token ${actor.id} (${actor.role})`;
  }
}
