import type { EnvironmentStore } from '../../storage/environmentStore.ts';
import type { NotificationSource } from './notificationSource.ts';

/**
 * A page one larger than the most artifacts a snapshot lists (EnvironmentService): the changes of
 * one ledger entry never fill a page, so a full page always ends with at least one whole entry.
 */
const PAGE = 5001;

/**
 * Unauthorised changes from the environments' change log (DESIGN §4: "flagged, and notified"). A
 * rogue artifact has exactly one such line, where it started; staying, scaling or being reported
 * again adds none, so it is notified once.
 */
export function unauthorisedChanges(store: Pick<EnvironmentStore, 'unauthorisedAfter'>): NotificationSource {
  return {
    event: 'unauthorised_change',
    async after(org, index) {
      const changes = await store.unauthorisedAfter(org, index, PAGE);
      const last = changes.at(-1);
      if (last === undefined) return { notifications: [], through: index };
      // A full page may end inside one entry's changes: that entry is left whole for the next page.
      const whole = changes.length < PAGE ? changes : changes.filter((c) => c.index < last.index);
      return {
        through: whole.at(-1)?.index ?? index,
        notifications: whole.map((change) => ({
          key: [change.index, change.environment, change.name, change.fingerprint].join('\u0000'),
          environment: change.environment,
          index: change.index,
          payload: {
            type: 'unauthorised_change',
            org,
            environment: change.environment,
            change,
            occurredAt: change.at,
          },
        })),
      };
    },
  };
}
