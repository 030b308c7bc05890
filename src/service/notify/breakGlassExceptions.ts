import type { ApprovalStore } from '../../storage/approvalStore.ts';
import type { NotificationSource } from './notificationSource.ts';

/** Exceptions read a page at a time; the cursor moves to the last one read. */
const PAGE = 500;

/**
 * Break-glass exceptions (issue #6: "notified immediately"): one notification each, when it is
 * recorded, saying who let what in without approval and why, and how to review it.
 */
export function breakGlassExceptions(store: Pick<ApprovalStore, 'exceptionsAfter'>): NotificationSource {
  return {
    event: 'break_glass',
    async after(org, index) {
      const exceptions = await store.exceptionsAfter(org, index, PAGE);
      return {
        through: exceptions.at(-1)?.id ?? index,
        notifications: exceptions.map((e) => ({
          key: String(e.id),
          environment: e.environment,
          index: e.id,
          payload: {
            type: 'break_glass',
            org,
            environment: e.environment,
            exception: {
              id: e.id,
              fingerprint: e.fingerprint,
              by: e.requestedBy.name ?? '',
              reason: e.comment ?? '',
            },
            occurredAt: e.createdAt,
          },
        })),
      };
    },
  };
}
