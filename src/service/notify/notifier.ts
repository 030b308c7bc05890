import type { ApprovalStore } from '../../storage/approvalStore.ts';
import type { EnvironmentStore } from '../../storage/environmentStore.ts';
import type { WebhookQueue } from '../../storage/webhookQueue.ts';
import type { WebhookStore } from '../../storage/webhookStore.ts';
import { breakGlassExceptions } from './breakGlassExceptions.ts';
import type { NotificationSource } from './notificationSource.ts';
import { queueNotifications } from './queueNotifications.ts';
import { sendDueDeliveries } from './sendDueDeliveries.ts';
import { unauthorisedChanges } from './unauthorisedChanges.ts';

export interface NotifierDeps {
  readonly webhooks: WebhookStore;
  readonly queue: WebhookQueue;
  readonly environments: Pick<EnvironmentStore, 'environment' | 'unauthorisedAfter'>;
  readonly approvals: Pick<ApprovalStore, 'exceptionsAfter'>;
  /** Injected clock, randomness and HTTP client (DESIGN §8). */
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly fetch: typeof fetch;
  /** How long one POST may take (default 10 s). */
  readonly timeoutMs?: number;
  /** Most deliveries sent per tick (default 50). */
  readonly batch?: number;
}

/** What one tick did. */
export interface TickReport {
  readonly queued: number;
  readonly attempts: number;
  readonly delivered: number;
}

/**
 * Webhook notifications (issue #5 §5). Each `tick` queues what happened since the last one and
 * sends what is due. All its state is in the database, so ticks may run in any number of server
 * processes at once; the server ticks every second, tests tick by hand with their own clock.
 */
export class Notifier {
  private readonly sources: readonly NotificationSource[];

  constructor(private readonly deps: NotifierDeps) {
    this.sources = [unauthorisedChanges(deps.environments), breakGlassExceptions(deps.approvals)];
  }

  /** One round: queue, forget deliveries of deleted webhooks, send. `stop` aborts POSTs in flight. */
  async tick(stop?: AbortSignal): Promise<TickReport> {
    const { deps } = this;
    const queued = await queueNotifications({ ...deps, sources: this.sources });
    await deps.queue.cancelOrphans();
    const sent = await sendDueDeliveries(
      { ...deps, timeoutMs: deps.timeoutMs ?? 10_000, batch: deps.batch ?? 50 },
      stop,
    );
    return { queued, ...sent };
  }
}
