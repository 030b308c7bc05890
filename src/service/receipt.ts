import type { ReceiptLike } from '../core/ledger/receiptVerify.ts';

/**
 * What a write answers (DESIGN §3 "Receipts"): the entry's index and leaf hash, a signed checkpoint
 * covering it and the inclusion proof against that checkpoint, so the client can check and keep it.
 */
export interface Receipt extends ReceiptLike {
  /** True when an Idempotency-Key matched an earlier write and nothing was appended. */
  readonly replayed: boolean;
}
