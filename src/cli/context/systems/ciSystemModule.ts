import type { CiContext, CiSystem } from '../ciContext.ts';
import type { Env } from '../env.ts';

/** One CI system's documented mapping from its environment variables to a {@link CiContext}. */
export interface CiSystemModule {
  readonly system: CiSystem;
  /** True when the system's marker variable says the process runs under it. */
  detect(env: Env): boolean;
  /** The context read from `env` (only called after `detect` returned true). */
  read(env: Env): CiContext;
}

/** `context` without its undefined fields, so results compare and serialise cleanly. */
export function compact(context: CiContext): CiContext {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)) as CiContext;
}
