import type { EnvironmentInfo } from '../environmentTypes.ts';

/**
 * Whether an environment follows no policy: there only provenance is judged, so its "Compliant" says
 * nothing of tests, scans or approvals. (A logical one follows its members' policies.)
 */
export function followsNoPolicy(env: Pick<EnvironmentInfo, 'type' | 'policies'>): boolean {
  return env.type !== 'logical' && env.policies.length === 0;
}

/** The names of the environments that follow no policy. */
export function noPolicyNames(environments: readonly EnvironmentInfo[]): ReadonlySet<string> {
  return new Set(environments.filter(followsNoPolicy).map((e) => e.name));
}

const EXPLAINED = 'only provenance is checked here';

/**
 * Said next to the verdict of an environment that follows no policy, so that its green "Compliant"
 * is not read as "fine"; `hint` adds the explanation in words (it is always on hover and for screen
 * readers).
 */
export function NoPolicyTag({ hint = false }: { hint?: boolean }) {
  return (
    <span class="no-policy">
      <span
        class="badge badge-warn"
        title={`No policy: ${EXPLAINED}, not tests, scans or approvals.`}
        data-testid="no-policy"
      >
        <span aria-hidden="true">!</span> No policy
        {!hint && <span class="visually-hidden">: {EXPLAINED}</span>}
      </span>
      {hint && <span class="hint"> {EXPLAINED}</span>}
    </span>
  );
}
