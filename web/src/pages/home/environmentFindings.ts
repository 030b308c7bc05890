import { api, orgPath } from '../../api.ts';
import type { EnvironmentInfo, Snapshot } from '../../environmentTypes.ts';

/** What is wrong with what runs in an environment now: how many artifacts fail, how many got in unauthorised. */
export interface Findings {
  readonly nonCompliant: number;
  readonly unauthorised: number;
}

const NONE: Findings = { nonCompliant: 0, unauthorised: 0 };

/**
 * The findings of every environment, by name. The list of environments tells only whether each
 * complies, so the current snapshot is read for those that do not; a logical environment adds up
 * its members'.
 */
export async function environmentFindings(
  org: string,
  environments: readonly EnvironmentInfo[],
): Promise<Map<string, Findings>> {
  const physical = environments.filter((e) => e.type !== 'logical');
  const found = new Map<string, Findings>(
    await Promise.all(
      physical.map(async (e): Promise<[string, Findings]> => {
        if (e.compliant || e.snapshots === 0) return [e.name, NONE];
        const { artifacts } = await api.get<Snapshot>(orgPath(org, 'environments', e.name, 'snapshot'));
        return [
          e.name,
          {
            nonCompliant: artifacts.filter((a) => !a.compliant).length,
            unauthorised: artifacts.filter((a) => a.unauthorised).length,
          },
        ];
      }),
    ),
  );
  for (const e of environments)
    if (e.type === 'logical')
      found.set(
        e.name,
        e.includes.reduce(
          (sum, m) => ({
            nonCompliant: sum.nonCompliant + (found.get(m)?.nonCompliant ?? 0),
            unauthorised: sum.unauthorised + (found.get(m)?.unauthorised ?? 0),
          }),
          NONE,
        ),
      );
  return found;
}
