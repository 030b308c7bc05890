/**
 * What a write answers (DESIGN §3 "Receipts"): the entry's index and leaf hash, a signed checkpoint
 * covering it and the inclusion proof against that checkpoint, so the client can check and keep it.
 */
export interface Receipt {
  readonly index: number;
  readonly leafHash: string;
  readonly checkpoint: string;
  readonly inclusionProof: {
    readonly index: number;
    readonly size: number;
    readonly hashes: readonly string[];
  };
  /** True when an Idempotency-Key matched an earlier write and nothing was appended. */
  readonly replayed: boolean;
}
