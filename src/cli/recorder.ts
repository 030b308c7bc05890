import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EvidentError } from '../core/errors.ts';
import type { ReceiptLike } from '../core/ledger/receiptVerify.ts';
import { ApiClient } from './client/apiClient.ts';
import { sendOrSpool } from './client/delivery.ts';
import { LogWitness } from './client/logWitness.ts';
import { Spool } from './client/spool.ts';
import type { Settings } from './settings.ts';

/** One write a command makes: JSON, or a file's raw bytes. */
export interface Step {
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: { readonly file: string; readonly contentType: string };
}

/**
 * Carries out a command's writes in order (DESIGN §5): `--dry-run` prints them and sends nothing;
 * otherwise each carries a fresh Idempotency-Key, its receipt is checked against the pinned key
 * and the log seen before, and once the server is unreachable this write and every later one of
 * the command go to the spool (in order), so nothing is lost and nothing is sent out of order.
 */
export class Recorder {
  readonly client: ApiClient;
  private readonly spool: Spool;
  private readonly witness: LogWitness;
  private spooling = false;
  private readonly log: (line: string) => void;

  constructor(
    private readonly settings: Settings,
    log: (line: string) => void,
  ) {
    this.log = log;
    this.client = new ApiClient({ host: settings.host, token: settings.token });
    this.spool = new Spool(join(settings.stateDir, 'spool'));
    this.witness = new LogWitness(settings.stateDir, this.client, settings.host, settings.vkeys);
  }

  static spoolOf(settings: Settings): Spool {
    return new Spool(join(settings.stateDir, 'spool'));
  }

  /** The response body, or undefined when the write was spooled (fail-open) or only printed. */
  async write(step: Step): Promise<unknown> {
    const path = `/api/v1/orgs/${encodeURIComponent(this.settings.org)}${step.path}`;
    if (this.settings.dryRun) {
      this.log(`would ${step.method} ${new URL(path, this.settings.host).href}`);
      this.log(
        step.raw !== undefined
          ? `  body: bytes of ${step.raw.file} (${step.raw.contentType})`
          : `  body: ${JSON.stringify(step.body)}`,
      );
      return undefined;
    }
    const record = {
      host: this.settings.host,
      method: step.method,
      path,
      ...(step.body !== undefined && { body: step.body }),
      ...(step.raw !== undefined && { raw: step.raw }),
      idempotencyKey: randomUUID(),
      spooledAt: new Date().toISOString(),
    };
    if (this.spooling) {
      this.spool.add(record);
      return undefined;
    }
    // Spool here, decide the exit code in finish(): later writes of the command must be spooled too.
    const delivery = await sendOrSpool(this.client, this.spool, record, true);
    if ('spooled' in delivery) {
      this.spooling = true;
      this.log(`server unreachable: spooled to ${delivery.spooled}; "evident spool flush" sends it later`);
      return undefined;
    }
    const receipt = (delivery.sent.body as { receipt?: ReceiptLike | null } | undefined)?.receipt;
    if (receipt !== undefined && receipt !== null)
      await this.witness.checkReceipt(this.settings.org, receipt);
    return delivery.sent.body;
  }

  /** True when some write of this command went to the spool. */
  get spooled(): boolean {
    return this.spooling;
  }

  /** Ends the command: exit 4 if anything was spooled, unless fail-open (the circuit breaker). */
  finish(): void {
    if (this.spooling && !this.settings.failOpen) {
      throw new EvidentError(
        'unavailable',
        `${this.settings.host} is unreachable; the records were spooled (use --fail-open to carry on in an outage)`,
      );
    }
  }
}
