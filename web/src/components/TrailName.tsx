import { Sha } from './Sha.tsx';

/**
 * A trail's name as a table shows it: one that is a commit SHA (40 to 64 hex digits, as
 * `evident begin trail "$GIT_COMMIT"` names it) shortened like any SHA, whole on hover and for screen
 * readers, so that it does not widen its column.
 */
export function TrailName({ name }: { name: string }) {
  return /^[0-9a-f]{40,64}$/.test(name) ? <Sha value={name} /> : <>{name}</>;
}
