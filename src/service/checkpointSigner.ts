import { formatCheckpoint } from '../core/ledger/checkpoint.ts';
import { signNote, type NoteSigner } from '../core/ledger/signedNote.ts';

/**
 * Signs the checkpoints of every org's log with the server's key(s). Each org's log has its own
 * origin, `<server origin>/<org>` (DESIGN §3 "Per organisation"), so checkpoints of two tenants can
 * never be confused.
 */
export class CheckpointSigner {
  constructor(
    readonly serverOrigin: string,
    private readonly signers: readonly NoteSigner[],
  ) {}

  originOf(org: string): string {
    return `${this.serverOrigin}/${org}`;
  }

  sign(org: string, size: number, rootHash: Uint8Array): string {
    return signNote(formatCheckpoint({ origin: this.originOf(org), size, rootHash }), this.signers);
  }
}
