import { query } from '../../api.ts';
import { href } from '../../router.ts';

/** The views of the Environment page and the query parameters each keeps in its address. */
export type EnvironmentTab = 'running' | 'changes' | 'compare' | 'setup';

/** The address of one view of an environment's page, e.g. `/environments/prod?at=…`. */
export function environmentLink(
  name: string,
  state: { tab?: EnvironmentTab; at?: string | undefined; before?: string; from?: string; to?: string } = {},
): string {
  const { tab, ...rest } = state;
  return href('environments', name) + query({ ...(tab !== 'running' && { tab }), ...rest });
}
