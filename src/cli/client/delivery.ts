import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isEvidentError } from '../../core/errors.ts';
import type { ApiClient, ApiResponse } from './apiClient.ts';
import type { Spool, SpooledRecord } from './spool.ts';

export type Delivery = { readonly sent: ApiResponse } | { readonly spooled: string };

/**
 * Sends a write; when the server stays unreachable (after the client's retries) the record goes to
 * the spool. Then the error is re-thrown (exit 4), or — with `failOpen`, the circuit breaker of
 * DESIGN §5 — the pipeline goes on and the record waits for `evident spool flush`.
 */
export async function sendOrSpool(
  client: ApiClient,
  spool: Spool,
  record: SpooledRecord,
  failOpen: boolean,
): Promise<Delivery> {
  try {
    return { sent: await send(client, record) };
  } catch (error) {
    if (!isEvidentError(error, 'unavailable')) throw error;
    const file = spool.add(record);
    if (!failOpen) throw Object.assign(error, { spooledTo: file });
    return { spooled: file };
  }
}

export interface FlushResult {
  readonly sent: number;
  /** Refused by the server (4xx): moved to `rejected/` beside the spool with the reason, not retried. */
  readonly rejected: number;
  /** Still waiting: the server was unreachable. */
  readonly remaining: number;
}

/**
 * Sends spooled records, oldest first, each with its original Idempotency-Key, so a record that did
 * reach the server before the outage is not recorded twice. Stops at the first unreachable server.
 */
export async function flushSpool(spool: Spool, clientFor: (host: string) => ApiClient): Promise<FlushResult> {
  const pending = spool.list();
  let sent = 0;
  let rejected = 0;
  for (const [i, { file, record }] of pending.entries()) {
    try {
      await send(clientFor(record.host), record);
      spool.remove(file, record);
      sent += 1;
    } catch (error) {
      if (isEvidentError(error, 'unavailable')) return { sent, rejected, remaining: pending.length - i };
      const aside = join(dirname(file), 'rejected');
      mkdirSync(aside, { recursive: true });
      writeFileSync(
        join(aside, `${basename(file)}.reason`),
        `${error instanceof Error ? error.message : String(error)}\n`,
      );
      renameSync(file, join(aside, basename(file)));
      rejected += 1;
    }
  }
  return { sent, rejected, remaining: 0 };
}

/** One record over the wire, JSON or raw bytes, with its idempotency key. */
function send(client: ApiClient, record: SpooledRecord): Promise<ApiResponse> {
  return client.request(record.method, record.path, {
    ...(record.body !== undefined && { body: record.body }),
    ...(record.raw !== undefined && { raw: record.raw }),
    idempotencyKey: record.idempotencyKey,
  });
}
